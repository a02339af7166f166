using System;

namespace ModelGen.Metrics;

/// <summary>
/// The standard normal distribution function and its inverse, to about 1e-15: the CDF by W. J. Cody's rational
/// Chebyshev approximations (ACM TOMS Algorithm 715, 1993, the method behind R's <c>pnorm</c>); the quantile by
/// P. J. Acklam's rational approximation polished with Newton steps on that CDF.
/// </summary>
internal static class NormalDistribution
{
    private const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    private static readonly double[] SmallP = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
    private static readonly double[] SmallQ = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
    private static readonly double[] MiddleP =
    [
        0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
        6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
    ];
    private static readonly double[] MiddleQ =
    [
        22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
        34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
    ];
    private static readonly double[] TailP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
    private static readonly double[] TailQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

    /// <summary>P(Z ≤ <paramref name="x"/>) for a standard normal Z.</summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double y = Math.Abs(x);
        if (y <= 0.67448975)
        {
            double square = y * y;
            double numerator = SmallP[4] * square, denominator = square;
            for (int i = 0; i < 3; i++)
            {
                numerator = (numerator + SmallP[i]) * square;
                denominator = (denominator + SmallQ[i]) * square;
            }

            return 0.5 + x * (numerator + SmallP[3]) / (denominator + SmallQ[3]);
        }

        double upperTail;
        if (y <= Math.Sqrt(32))
        {
            double numerator = MiddleP[8] * y, denominator = y;
            for (int i = 0; i < 7; i++)
            {
                numerator = (numerator + MiddleP[i]) * y;
                denominator = (denominator + MiddleQ[i]) * y;
            }

            upperTail = TimesDensity(y, (numerator + MiddleP[7]) / (denominator + MiddleQ[7]));
        }
        else if (y < 38)
        {
            double inverseSquare = 1 / (y * y);
            double numerator = TailP[5] * inverseSquare, denominator = inverseSquare;
            for (int i = 0; i < 4; i++)
            {
                numerator = (numerator + TailP[i]) * inverseSquare;
                denominator = (denominator + TailQ[i]) * inverseSquare;
            }

            double ratio = inverseSquare * (numerator + TailP[4]) / (denominator + TailQ[4]);
            upperTail = TimesDensity(y, (InverseSqrtTwoPi - ratio) / y);
        }
        else
        {
            upperTail = 0;
        }

        return x > 0 ? 1 - upperTail : upperTail;
    }

    /// <summary>The <paramref name="p"/> quantile of the standard normal distribution, for 0 &lt; p &lt; 1.</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1 is needed.");
        }

        double x = Acklam(p);
        for (int i = 0; i < 2; i++)
        {
            // Newton on Cdf(x) - p, written through the smaller tail so the difference keeps its digits.
            double error = x > 0 ? (1 - p) - Cdf(-x) : Cdf(x) - p;
            x -= error / (InverseSqrtTwoPi * Math.Exp(-0.5 * x * x));
        }

        return x;
    }

    // exp(-y²/2) * factor, with y² split so that the large part is exact in binary and the exponent loses no digits.
    private static double TimesDensity(double y, double factor)
    {
        double rounded = Math.Truncate(y * 16) / 16;
        double rest = (y - rounded) * (y + rounded);
        return Math.Exp(-rounded * rounded * 0.5) * Math.Exp(-rest * 0.5) * factor;
    }

    private static double Acklam(double p)
    {
        const double Low = 0.02425;
        if (p < Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return TailRatio(q);
        }

        if (p > 1 - Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -TailRatio(q);
        }

        double r = p - 0.5, s = r * r;
        return (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s + 1.383577518672690e+02) * s - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r /
            (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s + 6.680131188771972e+01) * s - 1.328068155288572e+01) * s + 1);
    }

    private static double TailRatio(double q) =>
        (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
        ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
}
