using System.Globalization;

namespace GoldenQuality.Supervision;

/// <summary>The SPC rules a process stream is watched with (docs/standards.md, "SPC").</summary>
[Flags]
public enum SpcRules
{
    None = 0,
    /// <summary>Western Electric 1 (Nelson 1): one point beyond 3σ.</summary>
    BeyondThreeSigma = 1,
    /// <summary>Western Electric 2 (Nelson 5): 2 of 3 points beyond 2σ on the same side.</summary>
    TwoOfThreeBeyondTwoSigma = 2,
    /// <summary>Western Electric 3 (Nelson 6): 4 of 5 points beyond 1σ on the same side.</summary>
    FourOfFiveBeyondOneSigma = 4,
    /// <summary>Western Electric 4: 8 points in a row on one side of the centre.</summary>
    EightOnOneSide = 8,
    /// <summary>Nelson 2: 9 points in a row on one side of the centre.</summary>
    NineOnOneSide = 16,
    /// <summary>Nelson 3: 6 points in a row steadily increasing or decreasing.</summary>
    SixTrending = 32,
    /// <summary>Nelson 4: 14 points in a row alternating up and down.</summary>
    FourteenAlternating = 64,
    /// <summary>Nelson 7: 15 points in a row within 1σ (stratification: the limits are too wide).</summary>
    FifteenWithinOneSigma = 128,
    /// <summary>Nelson 8: 8 points in a row beyond 1σ, on both sides (mixture).</summary>
    EightBeyondOneSigmaBothSides = 256,
    /// <summary>Tabular CUSUM with k = 0.5σ and h = 5σ.</summary>
    Cusum = 512,
    /// <summary>EWMA with λ = 0.2 and 3σ limits.</summary>
    Ewma = 1024,
}

/// <summary>
/// Watches one process stream. The first <see cref="CalibrationPoints"/> values estimate the centre (mean) and σ
/// (average moving range / 1.128, as for an individuals chart); from then on each value is standardised and the
/// rules are evaluated over the last 15 points. A rule signals when it becomes true (edge-triggered), so a long
/// shift gives one warning rather than one per point. The state serialises to a short string for the database.
/// </summary>
public sealed class SpcMonitor
{
    public const int CalibrationPoints = 20;
    private const int Window = 15;
    private const double Lambda = 0.2;
    private static readonly double EwmaLimit = 3 * Math.Sqrt(Lambda / (2 - Lambda));

    // The last Window standardised points, newest first, are history[head..head + Window]: each point is written twice
    // (at head and head + Window), so that the window stays contiguous without shifting it at every point.
    private readonly double[] history = new double[2 * Window];
    private int head;
    private int n;
    private double sum;
    private double movingRangeSum;
    private double previous;
    private double centre;
    private double sigma;
    private int points;
    private double cusumHigh;
    private double cusumLow;
    private double ewma;
    private SpcRules active;

    /// <summary>A monitor with known control limits (no calibration phase).</summary>
    public static SpcMonitor WithLimits(double centre, double sigma) => new() { centre = centre, sigma = sigma, n = CalibrationPoints };

    public bool Calibrated => n >= CalibrationPoints && sigma > 0;

    public double Centre => centre;

    public double Sigma => sigma;

    /// <summary>Adds a value; returns the rules that started to signal at this point.</summary>
    public SpcRules Add(double value)
    {
        if (n < CalibrationPoints)
        {
            if (n > 0)
            {
                movingRangeSum += Math.Abs(value - previous);
            }

            previous = value;
            sum += value;
            n++;
            if (n == CalibrationPoints)
            {
                centre = sum / n;
                sigma = movingRangeSum / (n - 1) / 1.128;
            }

            return SpcRules.None;
        }

        if (sigma <= 0)
        {
            return SpcRules.None;
        }

        var x = (value - centre) / sigma;
        head = head == 0 ? Window - 1 : head - 1;
        history[head] = x;
        history[head + Window] = x;
        points = Math.Min(points + 1, Window);
        var now = Evaluate(history.AsSpan(head, Window));

        cusumHigh = Math.Max(0, cusumHigh + x - 0.5);
        cusumLow = Math.Max(0, cusumLow - x - 0.5);
        if (cusumHigh > 5 || cusumLow > 5)
        {
            now |= SpcRules.Cusum;
            cusumHigh = cusumLow = 0;
        }

        ewma = (Lambda * x) + ((1 - Lambda) * ewma);
        if (Math.Abs(ewma) > EwmaLimit)
        {
            now |= SpcRules.Ewma;
        }

        // CUSUM resets after a signal, so it always reports; the others report when they start to hold.
        var fired = (now & ~active) | (now & SpcRules.Cusum);
        active = now;
        return fired;
    }

    /// <summary>The rules that hold over the window <paramref name="z"/> (z[0] is the newest point).</summary>
    private SpcRules Evaluate(ReadOnlySpan<double> z)
    {
        var rules = SpcRules.None;
        if (Math.Abs(z[0]) > 3)
        {
            rules |= SpcRules.BeyondThreeSigma;
        }

        if (points >= 3 && (Above(z, 3, 2) >= 2 || Below(z, 3, -2) >= 2))
        {
            rules |= SpcRules.TwoOfThreeBeyondTwoSigma;
        }

        if (points >= 5 && (Above(z, 5, 1) >= 4 || Below(z, 5, -1) >= 4))
        {
            rules |= SpcRules.FourOfFiveBeyondOneSigma;
        }

        if (points >= 8 && (Above(z, 8, 0) == 8 || Below(z, 8, 0) == 8))
        {
            rules |= SpcRules.EightOnOneSide;
        }

        if (points >= 9 && (Above(z, 9, 0) == 9 || Below(z, 9, 0) == 9))
        {
            rules |= SpcRules.NineOnOneSide;
        }

        if (points >= 6 && (Monotonic(z, 6, 1) || Monotonic(z, 6, -1)))
        {
            rules |= SpcRules.SixTrending;
        }

        if (points >= 14 && Alternating(z, 14))
        {
            rules |= SpcRules.FourteenAlternating;
        }

        if (points >= 15 && Below(z, 15, 1) == 15 && Above(z, 15, -1) == 15)
        {
            rules |= SpcRules.FifteenWithinOneSigma;
        }

        if (points >= 8 && Above(z, 8, 1) + Below(z, 8, -1) == 8 && Above(z, 8, 1) > 0 && Below(z, 8, -1) > 0)
        {
            rules |= SpcRules.EightBeyondOneSigmaBothSides;
        }

        return rules;
    }

    private static int Above(ReadOnlySpan<double> z, int last, double threshold)
    {
        var c = 0;
        for (var i = 0; i < last; i++)
        {
            c += z[i] > threshold ? 1 : 0;
        }

        return c;
    }

    private static int Below(ReadOnlySpan<double> z, int last, double threshold)
    {
        var c = 0;
        for (var i = 0; i < last; i++)
        {
            c += z[i] < threshold ? 1 : 0;
        }

        return c;
    }

    /// <summary>z[0] is the newest point: increasing in time means z[i] &gt; z[i+1].</summary>
    private static bool Monotonic(ReadOnlySpan<double> z, int last, int direction)
    {
        for (var i = 0; i + 1 < last; i++)
        {
            if (direction * (z[i] - z[i + 1]) <= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Alternating(ReadOnlySpan<double> z, int last)
    {
        for (var i = 0; i + 2 < last; i++)
        {
            var a = z[i] - z[i + 1];
            var b = z[i + 1] - z[i + 2];
            if (a == 0 || b == 0 || Math.Sign(a) == Math.Sign(b))
            {
                return false;
            }
        }

        return true;
    }

    public string Serialize()
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Join('|',
            n.ToString(inv), sum.ToString("R", inv), movingRangeSum.ToString("R", inv), previous.ToString("R", inv), centre.ToString("R", inv), sigma.ToString("R", inv),
            points.ToString(inv), string.Join(';', history.Skip(head).Take(points).Select(v => v.ToString("R", inv))),
            cusumHigh.ToString("R", inv), cusumLow.ToString("R", inv), ewma.ToString("R", inv), ((int)active).ToString(inv));
    }

    public static SpcMonitor Parse(string? text)
    {
        var m = new SpcMonitor();
        if (string.IsNullOrEmpty(text))
        {
            return m;
        }

        var inv = CultureInfo.InvariantCulture;
        var f = text.Split('|');
        m.n = int.Parse(f[0], inv);
        m.sum = double.Parse(f[1], inv);
        m.movingRangeSum = double.Parse(f[2], inv);
        m.previous = double.Parse(f[3], inv);
        m.centre = double.Parse(f[4], inv);
        m.sigma = double.Parse(f[5], inv);
        m.points = int.Parse(f[6], inv);
        var values = f[7].Split(';', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < values.Length && i < Window; i++)
        {
            m.history[i] = m.history[i + Window] = double.Parse(values[i], inv);
        }

        m.cusumHigh = double.Parse(f[8], inv);
        m.cusumLow = double.Parse(f[9], inv);
        m.ewma = double.Parse(f[10], inv);
        m.active = (SpcRules)int.Parse(f[11], inv);
        return m;
    }
}
