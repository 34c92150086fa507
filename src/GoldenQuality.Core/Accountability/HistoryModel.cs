using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Accountability;

/// <summary>
/// One CIQ bureau's day in the clearance history the leadership dashboard draws its trends from: how many declarations
/// were submitted, how many goods lines and how many of them cleared electronically, the holds and nonconformities, the
/// clearance time of each stage as a histogram, and the envelopes exchanged with each partner agency. A day generated
/// for the demo carries the seed it was generated from (<see cref="GeneratedSeed"/>), so that no generated figure can
/// pass for a recorded one (decision 0020).
/// </summary>
internal sealed class HistoryDayRow
{
    private HistoryDayRow()
    {
    }

    public string Bureau { get; private set; } = "";

    /// <summary>The day in China Standard Time.</summary>
    public DateOnly Day { get; private set; }

    /// <summary>The seed the day was generated from; null for a recorded day.</summary>
    public int? GeneratedSeed { get; private set; }

    public int Declarations { get; private set; }

    public int Lines { get; private set; }

    public int ElectronicLines { get; private set; }

    public int Holds { get; private set; }

    public int Nonconformities { get; private set; }

    /// <summary>The stage histograms (<see cref="StageHistograms.Format"/>).</summary>
    public string Times { get; private set; } = "";

    /// <summary>The envelopes sent to and received from each partner agency (<see cref="PartnerCounts.Format"/>).</summary>
    public string Sharing { get; private set; } = "";

    internal static HistoryDayRow Generated(int seed, string bureau, DateOnly day, int declarations, int lines, int electronicLines, int holds, int nonconformities,
        StageHistograms times, PartnerCounts sharing) => new()
    {
        Bureau = bureau, Day = day, GeneratedSeed = seed, Declarations = declarations, Lines = lines, ElectronicLines = electronicLines, Holds = holds,
        Nonconformities = nonconformities, Times = times.Format(), Sharing = sharing.Format(),
    };
}

internal sealed class HistoryDayRowConfiguration : IEntityTypeConfiguration<HistoryDayRow>
{
    public void Configure(EntityTypeBuilder<HistoryDayRow> b)
    {
        b.ToTable("acc_history_days");
        b.HasKey(r => new { r.Bureau, r.Day });
        b.Property(r => r.Bureau).HasMaxLength(32);
        b.HasIndex(r => r.Day);
    }
}

/// <summary>
/// Durations in log-spaced buckets, two per doubling: bucket 0 holds up to 1 s and bucket <c>i</c> holds
/// (2^((i-1)/2), 2^(i/2)] seconds, up to bucket 47 (about 136 days and beyond). Histograms of days add up exactly, so
/// the percentiles of any range of days and bureaus come from the merged counts, interpolated within a bucket (so
/// within 41 % of the true value at worst, much closer on smooth distributions).
/// </summary>
internal sealed class Histogram
{
    public const int Buckets = 48;

    public long[] Counts { get; } = new long[Buckets];

    public long Total => Counts.Sum();

    public static int BucketOf(double seconds) =>
        seconds <= 1 ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(2 * Math.Log2(seconds) - 1e-9));

    /// <summary>
    /// The percentile in seconds: the bucket holding the nearest rank, interpolated log-linearly within it by the rank's
    /// place among the bucket's counts (linearly in bucket 0); 0 when empty.
    /// </summary>
    public double Percentile(double p)
    {
        var total = Total;
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (seen + Counts[i] >= rank)
            {
                var within = (double)(rank - seen) / Counts[i];
                return Math.Round(i == 0 ? within : Math.Pow(2, (i - 1 + within) / 2), 1);
            }

            seen += Counts[i];
        }

        return Math.Pow(2, (Buckets - 1) / 2.0);
    }

    public void Add(Histogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            Counts[i] += other.Counts[i];
        }
    }
}

/// <summary>One histogram per clearance stage, in the order of <see cref="Stages"/>; stored as <c>bucket:count</c> pairs, stages separated by <c>|</c>.</summary>
internal sealed class StageHistograms
{
    /// <summary>The stages of <c>Declarations.Contracts.ClearanceMetrics</c>, and the total.</summary>
    public static readonly string[] Stages = ["acceptance", "risk", "inspection", "permit", "port-verification", "customs", "total"];

    public Histogram[] Of { get; } = [.. Stages.Select(_ => new Histogram())];

    public string Format()
    {
        var text = new StringBuilder();
        for (var s = 0; s < Of.Length; s++)
        {
            if (s > 0)
            {
                text.Append('|');
            }

            var first = true;
            for (var i = 0; i < Histogram.Buckets; i++)
            {
                if (Of[s].Counts[i] != 0)
                {
                    text.Append(first ? "" : ",").Append(i.ToString(CultureInfo.InvariantCulture)).Append(':').Append(Of[s].Counts[i].ToString(CultureInfo.InvariantCulture));
                    first = false;
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Adds the histograms stored in <paramref name="text"/> to these.</summary>
    public void AddFormatted(ReadOnlySpan<char> text)
    {
        var stage = 0;
        foreach (var range in text.Split('|'))
        {
            if (stage >= Of.Length)
            {
                throw new FormatException("more stage histograms than stages");
            }

            foreach (var pair in text[range].Split(','))
            {
                var item = text[range][pair];
                if (item.IsEmpty)
                {
                    continue;
                }

                var colon = item.IndexOf(':');
                Of[stage].Counts[int.Parse(item[..colon], CultureInfo.InvariantCulture)] += long.Parse(item[(colon + 1)..], CultureInfo.InvariantCulture);
            }

            stage++;
        }
    }
}

/// <summary>Envelopes sent to and received from each partner agency; stored as <c>AGENCY:sent:received</c>, comma-separated.</summary>
internal sealed class PartnerCounts
{
    /// <summary>The agencies a CIQ bureau exchanges with in the clearance flow.</summary>
    public static readonly string[] Partners = ["CUSTOMS", "BQS", "MOA", "MEP", "PBC"];

    public long[] Sent { get; } = new long[Partners.Length];

    public long[] Received { get; } = new long[Partners.Length];

    public string Format() => string.Join(',', Partners.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{p}:{Sent[i]}:{Received[i]}")));

    public void AddFormatted(string text)
    {
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            var i = Array.IndexOf(Partners, parts[0]);
            if (i < 0 || parts.Length != 3)
            {
                throw new FormatException($"not a partner count: '{item}'");
            }

            Sent[i] += long.Parse(parts[1], CultureInfo.InvariantCulture);
            Received[i] += long.Parse(parts[2], CultureInfo.InvariantCulture);
        }
    }
}
