# Reference values from the R package pROC (Debian: r-cran-proc) for the DeLong tests.
#
#   Rscript tests/ModelGen.Tests/Metrics/Golden/make_proc_goldens.R
#
# Writes proc.json beside this script: pROC's own example data set aSAH (113 patients; outcome Poor is the
# positive class), the published example of ?ci.auc and ?roc.test (s100b: AUC 0.7314, DeLong 95% CI
# 0.6301-0.8326; wfns against s100b: Z = 2.209, p = 0.02718), and a tie-heavy random pair of scores.
# Every curve is built with direction "<" (higher score means positive), the only direction ModelGen has.
suppressMessages(library(pROC))

here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))

num <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ", "), "]")

case <- function(name, labels, a, b) {
  ra <- roc(labels, a, levels = c(0, 1), direction = "<", quiet = TRUE)
  rb <- roc(labels, b, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(ra, method = "delong", conf.level = 0.95)
  t <- roc.test(ra, rb, method = "delong", paired = TRUE)
  paste0(
    "    {\n",
    "      \"name\": \"", name, "\",\n",
    "      \"labels\": ", num(labels), ",\n",
    "      \"scores_a\": ", num(a), ",\n",
    "      \"scores_b\": ", num(b), ",\n",
    "      \"auc_a\": ", sprintf("%.17g", as.numeric(auc(ra))), ",\n",
    "      \"auc_b\": ", sprintf("%.17g", as.numeric(auc(rb))), ",\n",
    "      \"se_a\": ", sprintf("%.17g", sqrt(var(ra, method = "delong"))), ",\n",
    "      \"ci_a\": ", num(c(ci[1], ci[3])), ",\n",
    "      \"z\": ", sprintf("%.17g", t$statistic), ",\n",
    "      \"p\": ", sprintf("%.17g", t$p.value), ",\n",
    "      \"difference_ci\": ", num(as.numeric(t$conf.int)), "\n",
    "    }")
}

data(aSAH)
poor <- as.numeric(aSAH$outcome == "Poor")
# Scores become float32 in C#; these values (0.01 steps, small integers) keep their order and ties there.
set.seed(20240601)
n <- 240
y <- rbinom(n, 1, 0.35)
a <- round(y * 0.8 + rnorm(n), 1)
b <- round(y * 0.5 + rnorm(n), 1)

json <- paste0(
  "{\n",
  "  \"proc_version\": \"", as.character(packageVersion("pROC")), "\",\n",
  "  \"cases\": [\n",
  case("asah_s100b_vs_wfns", poor, aSAH$s100b, aSAH$wfns), ",\n",
  case("asah_wfns_vs_ndka", poor, aSAH$wfns, aSAH$ndka), ",\n",
  case("random_ties", y, a, b), "\n",
  "  ]\n",
  "}\n")
writeLines(json, file.path(here, "proc.json"), sep = "")
cat("wrote", file.path(here, "proc.json"), "\n")
