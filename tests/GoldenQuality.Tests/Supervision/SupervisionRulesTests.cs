using System.Globalization;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Standards.Contracts;
using GoldenQuality.Supervision;
using GoldenQuality.Supervision.Contracts;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Supervision;

/// <summary>The named rules of E-Supervision, without a node: lot access, video locations, limit texts, ingest modes, lot charts.</summary>
public sealed class SupervisionRulesTests
{
    private static readonly Guid Own = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static Actor Enterprise(Guid id) => new(Guid.NewGuid(), "exporter", UserRoles.EnterpriseUser, null, null, null, null, id);

    private static Actor Officer() => new(Guid.NewGuid(), "ciq", UserRoles.Officer, Guid.NewGuid(), "CIQ-HZ", "CIQ", "33", null);

    private static Actor SystemClient() => new(Guid.NewGuid(), "plc", UserRoles.System, null, null, null, null, null);

    private static Actor Nobody() => new(Guid.NewGuid(), "nobody", UserRoles.None, null, null, null, null, null);

    [Fact]
    public void An_enterprise_reads_and_writes_only_its_own_lots()
    {
        Assert.True(LotAccess.MayWrite(Enterprise(Own), Own));
        Assert.True(LotAccess.MayRead(Enterprise(Own), Own));
        Assert.False(LotAccess.MayWrite(Enterprise(Own), Other));
        Assert.False(LotAccess.MayRead(Enterprise(Own), Other));
        Assert.False(LotAccess.MayActForOthers(Enterprise(Own)));
        Assert.False(LotAccess.MayListOthers(Enterprise(Own)));
    }

    [Fact]
    public void An_official_reads_every_lot_but_writes_none_and_a_system_client_does_both()
    {
        Assert.True(LotAccess.MayRead(Officer(), Own));
        Assert.False(LotAccess.MayWrite(Officer(), Own));
        Assert.True(LotAccess.MayActForOthers(Officer()));
        Assert.True(LotAccess.MayListOthers(Officer()));
        Assert.True(LotAccess.MayRead(SystemClient(), Own));
        Assert.True(LotAccess.MayWrite(SystemClient(), Own));
        Assert.True(LotAccess.MayActForOthers(SystemClient()));
        Assert.False(LotAccess.MayRead(Nobody(), Own));
        Assert.False(LotAccess.MayWrite(Nobody(), Own));
        Assert.False(LotAccess.MayListOthers(Nobody()));
    }

    [Fact]
    public void A_video_reference_must_lie_in_the_video_folder_or_the_configured_storage()
    {
        var root = Path.Combine(Path.GetTempPath(), "gq-video-rule");
        using var storage = new VideoStorage(Options.Create(new SupervisionOptions { VideoRoot = root, VideoStorage = ["https://video.example.gov.cn/cameras/"] }));
        var inside = new Uri(Path.Combine(root, "cam-1", "2026-01-01.mp4")).AbsoluteUri;
        var (uri, path, error) = VideoLocation.Resolve(inside, root, storage);
        Assert.Null(error);
        Assert.NotNull(uri);
        Assert.Equal(Path.Combine(root, "cam-1", "2026-01-01.mp4"), path);

        Assert.Contains("video folder", VideoLocation.Resolve(new Uri(Path.Combine(root, "..", "etc", "passwd")).AbsoluteUri, root, storage).Error?.Render(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("absolute URI", VideoLocation.Resolve("cam-1/video.mp4", root, storage).Error?.Render(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("scheme 'ftp'", VideoLocation.Resolve("ftp://video.example.gov.cn/cameras/a.mp4", root, storage).Error?.Render(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Null(VideoLocation.Resolve("https://video.example.gov.cn/cameras/a.mp4", root, storage).Error);
        Assert.Contains("video storage", VideoLocation.Resolve("https://elsewhere.example.com/a.mp4", root, storage).Error?.Render(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Null(VideoLocation.Resolve("https://video.example.gov.cn/cameras/a.mp4", root, storage).Path);
    }

    [Fact]
    public void A_broken_limit_is_named_by_its_kind_in_invariant_numbers()
    {
        Assert.Equal("max 0.2 mg/kg", LimitText.Of(LimitKind.Max, null, 0.2, "mg/kg"));
        Assert.Equal("min 1.5 %", LimitText.Of(LimitKind.Min, 1.5, null, "%"));
        Assert.Equal("range 2..8 Cel", LimitText.Of(LimitKind.Range, 2, 8, "Cel"));
        Assert.Equal("not detected (below 0.01 ug/kg)", LimitText.Of(LimitKind.NotDetected, null, 0.01, "ug/kg"));
        Assert.Equal("not detected", LimitText.Of(LimitKind.NotDetected, null, null, "ug/kg"));
        Assert.Equal("", LimitText.Num(null));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("atomic", false)]
    [InlineData("partial", true)]
    [InlineData("Partial", null)]
    [InlineData("all", null)]
    public void The_ingest_mode_is_atomic_unless_partial_is_asked_for(string? mode, bool? partial) => Assert.Equal(partial, IngestMode.Partial(mode));

    [Fact]
    public void The_lot_chart_groups_readings_by_parameter_with_the_governing_limits_and_marks_the_hold()
    {
        var pb = new RequirementRow(Guid.NewGuid(), "GB 2762-2017", StandardKind.National, "3.1", "cereal", "pb", "", LimitKind.Max, null, 200, "ug/kg", "GB 5009.12",
            "national", new DateOnly(2000, 1, 1), null);
        var index = StandardsIndex.Compile(new CatalogueSnapshot([new("cereal", null, "Cereal")], [new("pb", "mass-fraction", "mg/kg"), new("moisture", "mass-fraction", "%")], [pb]));
        var lot = new LotView(Guid.NewGuid(), "91330100000000000X", "L1", "LOT-1", "cereal", null, "export", "CIQ-HZ", "held", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            "pb", null, 3, 1, 1);
        var t0 = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        MeasurementView Reading(int minute, string parameter, double value, string verdict, Guid? requirement) =>
            new(t0.AddMinutes(minute), "plc-1", "s1", parameter, value, parameter == "pb" ? "mg/kg" : "%", value, verdict, requirement);
        var readings = new[] { Reading(0, "pb", 0.1, "conforming", pb.Id), Reading(1, "moisture", 12, "no-limit", null), Reading(2, "pb", 0.3, "nonconforming", pb.Id) };
        var signal = new EventView(Guid.NewGuid(), t0.AddMinutes(2), "spc-signal", "CIQ-HZ", lot.Uscc, lot.Id, lot.Number, "pb", null, null, null, "beyond-three-sigma", null);
        var other = signal with { Id = Guid.NewGuid(), Kind = "nonconformity" };

        var series = LotDetails.Series(index, lot, readings, [signal, other]);

        Assert.Equal(["moisture", "pb"], series.Select(s => s.Parameter));
        var lead = series[1];
        Assert.Equal("mg/kg", lead.Unit);
        Assert.Equal(2, lead.Readings.Count);
        Assert.Equal(0.2, lead.Upper!.Value, 12);
        Assert.True(double.IsNegativeInfinity(lead.Lower!.Value));
        Assert.Equal(t0.AddMinutes(2), lead.HeldAt);
        Assert.Equal([signal], lead.Signals);
        Assert.Null(series[0].Upper);
        Assert.Null(series[0].HeldAt);
        Assert.Empty(series[0].Signals);
        Assert.Null(LotDetails.Series(index, lot with { Status = "open" }, readings, []).Single(s => s.Parameter == "pb").HeldAt);
    }
}
