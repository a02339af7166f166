using System;
using System.Linq;
using ModelGen.Metrics;
using Xunit;
using static ModelGen.Tests.Metrics.MetricGoldens;

namespace ModelGen.Tests.Metrics;

/// <summary>The metrics agree with their definitions, counted the slow way, on random inputs full of ties.</summary>
public sealed class AurocPropertyTests
{
    [Fact]
    public void Auroc_equals_the_pairwise_count_on_small_inputs_with_many_ties()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 2000; trial++)
        {
            var (scores, labels) = RandomCase(random, random.Next(2, 40), levels: random.Next(1, 6));
            if (labels.Distinct().Count() < 2)
            {
                continue;
            }

            AssertClose(PairwiseAuroc(scores, labels), Auroc.Binary(scores, labels), 1e-15, $"trial {trial}");
        }
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(4999)]
    public void Auroc_equals_the_pairwise_count_where_the_radix_sort_takes_over(int samples)
    {
        // Every sign, zeros of both signs, infinities, subnormals and wide exponents: the orderable-bits mapping.
        float[] specials = [float.NegativeInfinity, -3e38f, -1e-40f, -0f, 0f, 1e-40f, 1e-30f, 0.5f, 7f, 3e38f, float.PositiveInfinity];
        var random = new Random(samples);
        var (scores, labels) = RandomCase(random, samples, levels: 60);
        for (int i = 0; i < samples; i += 7)
        {
            scores[i] = specials[random.Next(specials.Length)];
        }

        AssertClose(PairwiseAuroc(scores, labels), Auroc.Binary(scores, labels), 1e-15, $"{samples} samples");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(20_000)]
    public void Binary_auroc_allocates_nothing_once_the_pool_holds_its_scratch(int samples)
    {
        var (scores, labels) = RandomCase(new Random(samples), samples, levels: 100);
        double first = Auroc.Binary(scores, labels);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double second = Auroc.Binary(scores, labels);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Roc_curve_points_are_the_confusion_matrices_at_each_distinct_score()
    {
        var random = new Random(5);
        var (scores, labels) = RandomCase(random, 300, levels: 25);
        RocCurve curve = RocCurve.Compute(scores, labels, dropIntermediate: false);
        float[] distinct = scores.Distinct().OrderDescending().ToArray();
        Assert.Equal(distinct, curve.Thresholds.Skip(1));
        for (int i = 0; i < distinct.Length; i++)
        {
            ConfusionMatrix matrix = ConfusionMatrix.AtThreshold(scores, labels, distinct[i]);
            Assert.Equal(matrix.FalsePositiveRate, curve.FalsePositiveRates[i + 1]);
            Assert.Equal(matrix.TruePositiveRate, curve.TruePositiveRates[i + 1]);
        }

        AssertClose(Auroc.Binary(scores, labels), Trapezoid(curve), 1e-12, "area under the points");
        AssertClose(Trapezoid(curve), Trapezoid(RocCurve.Compute(scores, labels)), 1e-12, "dropping points keeps the area");
    }

    [Fact]
    public void Youden_threshold_is_the_best_confusion_matrix()
    {
        var random = new Random(6);
        for (int trial = 0; trial < 50; trial++)
        {
            var (scores, labels) = RandomCase(random, 80, levels: 12);
            if (labels.Distinct().Count() < 2)
            {
                continue;
            }

            double best = scores.Distinct().Max(t => ConfusionMatrix.AtThreshold(scores, labels, t) is var m ? m.TruePositiveRate - m.FalsePositiveRate : 0);
            RocPoint point = RocCurve.Compute(scores, labels).BestThresholdByYouden();
            AssertClose(Math.Max(0, best), point.YoudenJ, 1e-15, $"trial {trial}");
            ConfusionMatrix atPoint = ConfusionMatrix.AtThreshold(scores, labels, point.Threshold);
            Assert.Equal(atPoint.TruePositiveRate, point.TruePositiveRate);
            Assert.Equal(atPoint.FalsePositiveRate, point.FalsePositiveRate);
        }
    }

    [Fact]
    public void Average_precision_is_precision_weighted_by_the_recall_each_threshold_adds()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var (scores, labels) = RandomCase(random, random.Next(1, 50), levels: random.Next(1, 8));
            if (!labels.Contains(1f))
            {
                continue;
            }

            double expected = 0, previousRecall = 0;
            foreach (float threshold in scores.Distinct().OrderDescending())
            {
                ConfusionMatrix matrix = ConfusionMatrix.AtThreshold(scores, labels, threshold);
                expected += (matrix.TruePositiveRate - previousRecall) * matrix.Precision;
                previousRecall = matrix.TruePositiveRate;
            }

            AssertClose(expected, AveragePrecision.Binary(scores, labels), 1e-12, $"trial {trial}");
        }
    }

    [Fact]
    public void Multi_label_values_are_the_binary_values_of_each_column_and_of_all_cells_pooled()
    {
        var random = new Random(8);
        const int Labels = 4;
        var (scores, labels) = RandomCase(random, 150 * Labels, levels: 9);
        MultiLabelScore micro = Auroc.MultiLabel(scores, labels, Labels, AurocAverage.Micro);
        Assert.Equal(Auroc.Binary(scores, labels), micro.Value);
        for (int label = 0; label < Labels; label++)
        {
            float[] columnScores = scores.Where((_, i) => i % Labels == label).ToArray();
            float[] columnLabels = labels.Where((_, i) => i % Labels == label).ToArray();
            Assert.Equal(Auroc.Binary(columnScores, columnLabels), micro.PerLabel[label]);
            Assert.Equal((int)columnLabels.Sum(), micro.Positives[label]);
        }

        Assert.Equal(micro.PerLabel.Average(), Auroc.MultiLabel(scores, labels, Labels, AurocAverage.Macro).Value, 15);
    }

    private static (float[] Scores, float[] Labels) RandomCase(Random random, int samples, int levels)
    {
        var scores = new float[samples];
        var labels = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = random.Next(2);
            // Few distinct levels, shifted by the label: ties inside each class and across the two.
            scores[i] = (random.Next(levels) + labels[i]) * 0.25f - 1f;
        }

        return (scores, labels);
    }

    private static double PairwiseAuroc(float[] scores, float[] labels)
    {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }

    private static double Trapezoid(RocCurve curve)
    {
        double area = 0;
        for (int i = 1; i < curve.Thresholds.Count; i++)
        {
            area += (curve.FalsePositiveRates[i] - curve.FalsePositiveRates[i - 1]) * (curve.TruePositiveRates[i] + curve.TruePositiveRates[i - 1]) / 2;
        }

        return area;
    }
}
