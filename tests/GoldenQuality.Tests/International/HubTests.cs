using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Codes.Sps;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Tests.Clearance;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoldenQuality.Tests.International;

/// <summary>
/// The national AQSIQ node, Customs and the hub node (<c>hub: true</c>), once per test class, sharing one fake clock (the
/// retry rules are a matter of moving it, never of waiting). The background pull is off: the tests pull with
/// <c>POST /api/international/pull</c>. An envelope is offered at most twice.
/// </summary>
public abstract class HubFederation : IAsyncLifetime
{
    public const int MaxAttempts = 2;

    public const int AcknowledgeWithin = 300;

    public abstract DatabaseProvider Provider { get; }

    public TestFederation Federation { get; private set; } = null!;

    /// <summary>The clock of every node; it moves 1 ms each time it is read, so that events keep their order.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public async Task InitializeAsync()
    {
        var settings = ClearanceFederation.RiskSettings;
        settings["International:PullEverySeconds"] = "0";
        settings["International:MaxDeliveryAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["International:AcknowledgeWithinSeconds"] = AcknowledgeWithin.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Federation = await TestFederation.StartAsync(Provider, configure: (_, services) => services.AddSingleton<TimeProvider>(Clock), settings: settings, hub: true);

        // The lead limit of tea, so that an export of tea passes inspection and gets its permit.
        var admin = await Federation.SignInAsync(TestFederation.Aqsiq, "admin");
        var imported = await admin.PostAsync("/api/standards/import/requirements",
            new StringContent(ClearanceFederation.TeaLeadRequirement, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    public async Task DisposeAsync() => await Federation.DisposeAsync();
}

public sealed class SqliteHubFederation : HubFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresHubFederation : HubFederation
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Issue 18, the hub and the channel: foreign authorities hosted on the hub deliver over HTTP, the AQSIQ node pulls and
/// acknowledges over the exchange, the hub keeps the tracking states (pending, delivered, with warnings, not readable,
/// failed with the reason), offers an unacknowledged envelope again and fails it after the most attempts, keeps a
/// duplicate delivery and a duplicate pull once, refuses a delivery to a non-member naming <c>to</c>, hides an envelope
/// from every country but its sender and destination, and reports the tracking of what AQSIQ sent back to it.
/// </summary>
public abstract class HubTests(HubFederation fixture)
{
    private TestFederation Federation => fixture.Federation;

    /// <summary>
    /// An SPSCertificate as the Codes module writes it from a permit with every field, its coded fields set to codes our
    /// lists know (a code unknown to them is acknowledged "with warnings", which these tests do not test).
    /// </summary>
    private static string Sample()
    {
        var permit = GoldenQuality.Tests.Codes.AdapterParserTests.FullPermit();
        var fields = new Dictionary<string, string>(permit.Fields, StringComparer.Ordinal)
        {
            ["permitType"] = "851", ["status"] = "70", ["portOfEntry"] = "CNNGB", ["transportMode"] = "1", ["exportCountry"] = "EC", ["items[0].originCountry"] = "EC", ["items[1].originCountry"] = "EC",
            ["items[0].commodityCode"] = "030617", ["items[1].commodityCode"] = "030617",
        };
        return SpsCertificate.Export(new GoldenQuality.Codes.CanonicalRecord(permit.Kind, fields)).ToString();
    }

    private Task<HttpClient> EcuadorAsync() => Federation.SignInAsync(TestFederation.Hub, "nppo.ecuador");

    private Task<HttpClient> VietnamAsync() => Federation.SignInAsync(TestFederation.Hub, "nppo.vietnam");

    private Task<HttpClient> PortAsync() => Federation.SignInAsync(TestFederation.Aqsiq, "ciq.ningbo.port");

    private static async Task<(JsonElement Receipt, HttpStatusCode Status)> DeliverAsync(HttpClient client, string to, string content, Guid? id = null, string? number = null, string type = "851")
    {
        var response = await client.PostAsJsonAsync("/api/hub/envelopes", new
        {
            deliveryId = id ?? Guid.CreateVersion7(), to, kind = "certificate", certificateType = type, certificateStatus = "70",
            nppoCertificateNumber = number ?? "EC-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), content,
        });
        return (await response.Json(), response.StatusCode);
    }

    private static async Task<JsonElement> TrackingAsync(HttpClient client, string number)
    {
        var response = await client.GetAsync($"/api/hub/envelopes/{number}/tracking");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>
    /// A GET that asks again while the hub answers 409 "the envelope changed at the same time; ask again": moving the
    /// clock also wakes the hub's retry sweep, which may expire the same offer as the request does.
    /// </summary>
    private static async Task<HttpResponseMessage> AskAsync(HttpClient client, string url)
    {
        for (var i = 0; ; i++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.Conflict || i == 10)
            {
                return response;
            }

            await Task.Delay(50);
        }
    }

    private static string State(JsonElement tracking) => tracking.GetProperty("envelope").GetProperty("state").GetString()!;

    [Fact]
    public async Task A_foreign_authority_delivers_AQSIQ_pulls_and_the_sender_sees_it_delivered()
    {
        var ecuador = await EcuadorAsync();
        var (receipt, status) = await DeliverAsync(ecuador, "CN", Sample());
        Assert.Equal(HttpStatusCode.Created, status);
        var envelope = receipt.GetProperty("envelope");
        var number = envelope.GetProperty("hubDeliveryNumber").GetString()!;
        Assert.Matches(@"^HUB-\d{4}-\d{8}$", number);
        Assert.Equal("EC", envelope.GetProperty("from").GetString());
        Assert.Equal("CN", envelope.GetProperty("to").GetString());
        Assert.Equal("pending-delivery", envelope.GetProperty("state").GetString());

        var port = await PortAsync();
        var pull = await port.PostAsync("/api/international/pull", null);
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        var summary = await pull.Json();
        Assert.Equal("CN", summary.GetProperty("country").GetString());
        var pulled = Assert.Single(summary.GetProperty("pulled").EnumerateArray(), p => p.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal("delivered", pulled.GetProperty("outcome").GetString());
        Assert.False(pulled.GetProperty("duplicate").GetBoolean());

        // AQSIQ keeps the envelope as the hub gave it.
        var received = await (await port.GetAsync("/api/international/received?from=EC")).Json();
        var kept = Assert.Single(received.EnumerateArray(), r => r.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal(envelope.GetProperty("nppoCertificateNumber").GetString(), kept.GetProperty("nppoCertificateNumber").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sample()))), kept.GetProperty("sha256").GetString());

        // The acknowledgement travels over the exchange; the sender then sees the envelope delivered, with its history.
        await TestFederation.WaitUntilAsync(async () => State(await TrackingAsync(ecuador, number)) == "delivered", "the hub to record AQSIQ's acknowledgement");
        var tracking = await TrackingAsync(ecuador, number);
        Assert.Equal(["delivered", "pulled", "acknowledged"], tracking.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToArray());
        Assert.Equal(1, tracking.GetProperty("envelope").GetProperty("attempts").GetInt32());

        // Pulled again: nothing is waiting for China any more.
        var again = await (await port.PostAsync("/api/international/pull", null)).Json();
        Assert.DoesNotContain(again.GetProperty("pulled").EnumerateArray(), p => p.GetProperty("hubDeliveryNumber").GetString() == number);

        // The hub operator sees every envelope's tracking.
        var operatorClient = await Federation.SignInAsync(TestFederation.Hub, "hub.operator");
        var all = await (await operatorClient.GetAsync("/api/hub/tracking?state=delivered")).Json();
        Assert.Contains(all.EnumerateArray(), e => e.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/hub/envelopes")).StatusCode);
    }

    [Fact]
    public async Task An_envelope_not_acknowledged_is_offered_again_and_fails_after_the_most_attempts()
    {
        var ecuador = await EcuadorAsync();
        var vietnam = await VietnamAsync();
        var number = (await DeliverAsync(ecuador, "VN", Sample())).Receipt.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString()!;

        for (var attempt = 1; attempt <= HubFederation.MaxAttempts; attempt++)
        {
            var headers = await (await AskAsync(vietnam, "/api/hub/envelopes?box=import&state=pending-delivery")).Json();
            Assert.Contains(headers.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("hubDeliveryNumber").GetString() == number);
            var pulled = await AskAsync(vietnam, $"/api/hub/envelopes/{number}");
            Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
            var body = await pulled.Json();
            Assert.Equal(Sample(), body.GetProperty("content").GetString());
            Assert.Equal(attempt, body.GetProperty("header").GetProperty("attempts").GetInt32());

            // Pulled again under the same offer: the same attempt.
            Assert.Equal(attempt, (await (await AskAsync(vietnam, $"/api/hub/envelopes/{number}")).Json()).GetProperty("header").GetProperty("attempts").GetInt32());
            fixture.Clock.Advance(TimeSpan.FromSeconds(HubFederation.AcknowledgeWithin + 1));
        }

        var tracking = await (await AskAsync(ecuador, $"/api/hub/envelopes/{number}/tracking")).Json();
        Assert.Equal("failed-delivery", State(tracking));
        Assert.Equal($"not acknowledged after {HubFederation.MaxAttempts} deliveries", tracking.GetProperty("envelope").GetProperty("reason").GetString());
        Assert.Equal(["delivered", "pulled", "offered-again", "pulled", "failed"], tracking.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToArray());

        // A failed envelope is no longer offered, nor acknowledged.
        Assert.Equal(HttpStatusCode.Conflict, (await vietnam.GetAsync($"/api/hub/envelopes/{number}")).StatusCode);
        var late = await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("outcome", (await late.Json()).GetProperty("field").GetString());
        var pending = await (await vietnam.GetAsync("/api/hub/envelopes?state=pending-delivery")).Json();
        Assert.DoesNotContain(pending.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("hubDeliveryNumber").GetString() == number);
    }

    [Fact]
    public async Task A_certificate_whose_type_and_status_are_not_codes_is_pulled_and_acknowledged_as_not_readable_naming_the_elements()
    {
        var ecuador = await EcuadorAsync();
        // Every field of this permit is filled with text, codes included ("permitType 值 <&> ..."): well-formed, but not a certificate one can keep.
        var (receipt, status) = await DeliverAsync(ecuador, "CN", SpsCertificate.Export(GoldenQuality.Tests.Codes.AdapterParserTests.FullPermit()).ToString());
        Assert.Equal(HttpStatusCode.Created, status);
        var number = receipt.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString()!;
        var summary = await (await (await PortAsync()).PostAsync("/api/international/pull", null)).Json();
        var pulled = Assert.Single(summary.GetProperty("pulled").EnumerateArray(), p => p.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal("delivered-not-readable", pulled.GetProperty("outcome").GetString());
        var reason = pulled.GetProperty("reason").GetString()!;
        Assert.Contains("SPSExchangedDocument/TypeCode: longer than 8 characters", reason, StringComparison.Ordinal);
        Assert.Contains("SPSExchangedDocument/StatusCode: longer than 8 characters", reason, StringComparison.Ordinal);
        await TestFederation.WaitUntilAsync(async () => State(await TrackingAsync(ecuador, number)) == "delivered-not-readable", "the acknowledgement to reach the hub");
    }

    [Fact]
    public async Task A_content_that_cannot_be_read_is_acknowledged_as_delivered_not_readable_with_the_reason()
    {
        var ecuador = await EcuadorAsync();
        var vietnam = await VietnamAsync();
        var (receipt, status) = await DeliverAsync(ecuador, "VN", "<note>not an SPS certificate</note>");
        Assert.Equal(HttpStatusCode.Created, status);
        var number = receipt.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString()!;

        // Acknowledged before it was pulled: refused.
        Assert.Equal(HttpStatusCode.Conflict, (await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" })).StatusCode);
        var content = (await (await vietnam.GetAsync($"/api/hub/envelopes/{number}")).Json()).GetProperty("content").GetString()!;
        var (document, problems) = SpsCertificate.Parse(content);
        Assert.True(document is null || problems.Count > 0 || SpsCertificate.Validate(document).Count > 0);

        // The reason is required for any outcome but delivered.
        var noReason = await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered-not-readable" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Json()).GetProperty("errors").TryGetProperty("reason", out _));
        var badOutcome = await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "pending-delivery", reason = "x" });
        Assert.True((await badOutcome.Json()).GetProperty("errors").TryGetProperty("outcome", out _));

        const string Reason = "not an SPSCertificate: the root element is 'note'";
        var ack = await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered-not-readable", reason = Reason });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);

        var tracking = await TrackingAsync(ecuador, number);
        Assert.Equal("delivered-not-readable", State(tracking));
        Assert.Equal(Reason, tracking.GetProperty("envelope").GetProperty("reason").GetString());

        // The same acknowledgement again changes nothing; another outcome is refused.
        Assert.Equal(HttpStatusCode.OK, (await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered-not-readable", reason = Reason })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" })).StatusCode);
        Assert.Equal(3, (await TrackingAsync(ecuador, number)).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_duplicate_delivery_and_a_duplicate_pull_are_kept_once()
    {
        // Over HTTP: the same delivery id twice is one envelope.
        var ecuador = await EcuadorAsync();
        var id = Guid.CreateVersion7();
        var (first, firstStatus) = await DeliverAsync(ecuador, "CN", Sample(), id, "EC-DUP-1");
        var (second, secondStatus) = await DeliverAsync(ecuador, "CN", Sample(), id, "EC-DUP-1");
        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        var number = first.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString()!;
        Assert.Equal(number, second.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString());
        var exported = await (await ecuador.GetAsync("/api/hub/envelopes?box=export")).Json();
        Assert.Single(exported.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("nppoCertificateNumber").GetString() == "EC-DUP-1");

        // Over the exchange: AQSIQ's delivery queued twice under the same delivery id is one envelope at the hub.
        var deliveryId = await SendFromAqsiqAsync("EC", "CN-DUP-" + Guid.NewGuid().ToString("N")[..6], Sample(), twice: true);
        await TestFederation.WaitUntilAsync(async () => await DeliveredToHubAsync(deliveryId) == 2, "both copies of the delivery to reach the hub");
        await TestFederation.WaitUntilAsync(async () => (await OutgoingAsync(deliveryId))?.State == OutgoingState.PendingDelivery, "the hub to report AQSIQ's delivery");
        Assert.Equal(1, await HubCountAsync(deliveryId));

        // A pull repeated (the hub offered the envelope again after a lost acknowledgement) is kept once and acknowledged again.
        var port = await PortAsync();
        var summary = await (await port.PostAsync("/api/international/pull", null)).Json();
        Assert.Contains(summary.GetProperty("pulled").EnumerateArray(), p => p.GetProperty("hubDeliveryNumber").GetString() == number);
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var puller = scope.ServiceProvider.GetRequiredService<HubPuller>();
            var row = await db.Set<ReceivedEnvelopeRow>().AsNoTracking().SingleAsync(r => r.HubDeliveryNumber == number);
            var again = new HubEnvelope(new HubEnvelopeHeader(number, "EC", "CN", "certificate", "851", "70", "EC-DUP-1", row.DeliveredAt, "pending-delivery", 2, null), row.Content);
            var repeated = await puller.KeepAsync(TestFederation.Hub, again, HubContentKind.Certificate, CancellationToken.None);
            Assert.True(repeated.Duplicate);
            Assert.Equal("delivered", repeated.Outcome);
        }

        var kept = await (await port.GetAsync("/api/international/received")).Json();
        var one = Assert.Single(kept.EnumerateArray(), r => r.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal(2, one.GetProperty("acknowledgements").GetInt32());
        await TestFederation.WaitUntilAsync(async () => State(await TrackingAsync(ecuador, number)) == "delivered", "the acknowledgements to reach the hub");
        await TestFederation.WaitUntilAsync(async () => await AcknowledgementsDeliveredAsync(number) == 2, "both acknowledgements to be delivered");
        var tracking = await TrackingAsync(ecuador, number);
        Assert.Single(tracking.GetProperty("history").EnumerateArray(), e => e.GetProperty("event").GetString() == "acknowledged");
    }

    [Fact]
    public async Task A_delivery_to_a_non_member_or_that_is_not_XML_is_refused_naming_the_field()
    {
        var ecuador = await EcuadorAsync();
        foreach (var (to, content, field) in new[] { ("FR", Sample(), "to"), ("EC", Sample(), "to"), ("VN", "<unclosed>", "content"), ("VN", new string('x', 10), "content") })
        {
            var (problem, status) = await DeliverAsync(ecuador, to, content);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        }

        // The real ePhyto Hub sample carries its attachments inline (221 KB): over the most the hub relays.
        var real = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "sps", "ephyto-hub-sample-SPSCertificate.xml"));
        var (tooLarge, tooLargeStatus) = await DeliverAsync(ecuador, "VN", real);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLargeStatus);
        Assert.Equal("content", tooLarge.GetProperty("field").GetString());
        Assert.Contains("larger than", tooLarge.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (badType, _) = await DeliverAsync(ecuador, "VN", Sample(), type: "999");
        Assert.Equal("certificateType", badType.GetProperty("field").GetString());

        // Nothing was kept.
        var exported = await (await ecuador.GetAsync("/api/hub/envelopes?box=export")).Json();
        Assert.DoesNotContain(exported.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("to").GetString() is "FR" or "EC");

        // Over the exchange: AQSIQ's outbox refuses a non-member before sending; a delivery the hub refuses comes back as failed-delivery with the reason.
        await using (var scope = Federation[TestFederation.Aqsiq].Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IHubOutbox>();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var (refusedId, refused) = await outbox.SendAsync(db, HubContentKind.Certificate, "FR", "851", "70", "CN-X", Sample(), null, null, "test", CancellationToken.None);
            Assert.Null(refusedId);
            Assert.Contains("to: 'FR' is not a member country", refused!.Render(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var deliveryId = await QueueRawAsync("EC", "CN-BAD-" + Guid.NewGuid().ToString("N")[..6], "<unclosed>");
        await TestFederation.WaitUntilAsync(async () => (await OutgoingAsync(deliveryId))?.State == OutgoingState.FailedDelivery, "the hub to refuse AQSIQ's delivery");
        Assert.StartsWith("content: is not well-formed XML", (await OutgoingAsync(deliveryId))!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await HubCountAsync(deliveryId));
    }

    [Fact]
    public async Task Another_member_can_neither_pull_nor_see_an_envelope_not_addressed_to_it()
    {
        var ecuador = await EcuadorAsync();
        var vietnam = await VietnamAsync();
        var number = (await DeliverAsync(ecuador, "CN", Sample())).Receipt.GetProperty("envelope").GetProperty("hubDeliveryNumber").GetString()!;

        foreach (var response in new[]
                 {
                     await vietnam.GetAsync($"/api/hub/envelopes/{number}"),
                     await vietnam.GetAsync($"/api/hub/envelopes/{number}/tracking"),
                     await vietnam.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" }),
                     await vietnam.GetAsync("/api/hub/envelopes/HUB-2000-00000001/tracking"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("envelope-not-exists", (await response.Json()).GetProperty("title").GetString());
        }

        // The sender cannot pull its own envelope either (only the destination pulls), but follows its tracking.
        Assert.Equal(HttpStatusCode.NotFound, (await ecuador.GetAsync($"/api/hub/envelopes/{number}")).StatusCode);
        Assert.Equal("pending-delivery", State(await TrackingAsync(ecuador, number)));
        var imports = await (await vietnam.GetAsync("/api/hub/envelopes")).Json();
        Assert.Equal("VN", imports.GetProperty("country").GetString());
        Assert.DoesNotContain(imports.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("hubDeliveryNumber").GetString() == number);

        // The hub refuses the member side's pull on itself; a Chinese official has no hub account.
        using var hubSystem = Federation[TestFederation.Hub].Client();
        var self = await hubSystem.PostAsync("/api/international/pull", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Contains("this node is the hub", (await self.Json()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var port = await PortAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await port.GetAsync("/api/hub/envelopes")).StatusCode);
        var enterprise = await Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsync("/api/international/pull", null)).StatusCode);
    }

    [Fact]
    public async Task An_export_permit_to_a_member_country_goes_to_its_authority_as_an_SPS_certificate_and_imports_back_with_no_field_lost()
    {
        var exporter = await Federation.SignInAsync(TestFederation.Aqsiq, "exporter.hangzhou");
        var inspector = await Federation.SignInAsync(TestFederation.Aqsiq, "ciq.hangzhou");
        var id = (await Flow.CreateAsync(exporter, Flow.Export(240m, Flow.NewLot("TEA-EC"), (body, _) => body["country"] = "EC"))).GetProperty("id").GetGuid();
        Assert.Equal("inspection", (await Flow.SubmitAsync(exporter, id)).GetProperty("status").GetString());
        Assert.Equal("passed", (await Flow.InspectAsync(inspector, id, 0.8)).GetProperty("status").GetString());
        var permitNumber = (await Flow.IssuePermitAsync(inspector, id)).GetProperty("permitNumber").GetString()!;

        // Queued with the permit, numbered by the hub.
        var port = await PortAsync();
        JsonElement outgoing = default;
        await TestFederation.WaitUntilAsync(async () =>
        {
            var list = await (await port.GetAsync($"/api/international/outgoing?permit={permitNumber}")).Json();
            outgoing = list.EnumerateArray().FirstOrDefault();
            return outgoing.ValueKind == JsonValueKind.Object && outgoing.GetProperty("hubDeliveryNumber").ValueKind == JsonValueKind.String;
        }, "the hub to number the permit's SPS certificate");
        Assert.Equal("EC", outgoing.GetProperty("to").GetString());
        Assert.Equal("851", outgoing.GetProperty("certificateType").GetString());
        Assert.Equal("70", outgoing.GetProperty("certificateStatus").GetString());
        Assert.Equal(permitNumber, outgoing.GetProperty("nppoCertificateNumber").GetString());
        var number = outgoing.GetProperty("hubDeliveryNumber").GetString()!;

        // Ecuador's officer pulls it and imports it on the hub node's SPS importer: the permit's every field, nothing unmapped.
        var ecuador = await EcuadorAsync();
        var content = (await (await ecuador.GetAsync($"/api/hub/envelopes/{number}")).Json()).GetProperty("content").GetString()!;
        var back = await Flow.Expect(await ecuador.PostAsync("/api/codes/sps/import", new StringContent(content)), HttpStatusCode.OK);
        Assert.Equal(0, back.GetProperty("notMappedCount").GetInt32());
        PermitRecord record;
        await using (var scope = Federation[TestFederation.Aqsiq].Services.CreateAsyncScope())
        {
            record = (await scope.ServiceProvider.GetRequiredService<IPermitRecords>().FindAsync(scope.ServiceProvider.GetRequiredService<GqDbContext>(), permitNumber, CancellationToken.None))!;
        }

        var expected = GoldenQuality.Codes.CanonicalRecord.FromJson(GoldenQuality.Codes.RecordKind.Permit, PermitToHub.Record(record, "CN")).ToJson();
        var imported = System.Text.Json.Nodes.JsonNode.Parse(back.GetProperty("permit").GetRawText())!;
        Assert.Equal(expected.ToJsonString(), imported.ToJsonString());
        Assert.Equal(record.Lines[0].Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), imported["items"]![0]!["quantity"]!.GetValue<string>());
        Assert.Equal("CN", imported["exportCountry"]!.GetValue<string>());
        Assert.Equal("EC", imported["importCountry"]!.GetValue<string>());

        // Acknowledged by Ecuador: AQSIQ's outgoing envelope becomes delivered.
        Assert.Equal(HttpStatusCode.OK, (await ecuador.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" })).StatusCode);
        await TestFederation.WaitUntilAsync(async () =>
            (await (await port.GetAsync($"/api/international/outgoing?permit={permitNumber}")).Json())[0].GetProperty("state").GetString() == "delivered",
            "the hub to report the delivery to AQSIQ");

        // An export to a country that is not a member of the hub sends nothing.
        var toGermany = (await Flow.CreateAsync(exporter, Flow.Export(50m, Flow.NewLot("TEA-DE")))).GetProperty("id").GetGuid();
        await Flow.SubmitAsync(exporter, toGermany);
        await Flow.InspectAsync(inspector, toGermany, 0.8);
        var germanPermit = (await Flow.IssuePermitAsync(inspector, toGermany)).GetProperty("permitNumber").GetString()!;
        Assert.Empty((await (await port.GetAsync($"/api/international/outgoing?permit={germanPermit}")).Json()).EnumerateArray());
    }

    [Fact]
    public async Task An_outgoing_SPS_certificate_reaches_the_importing_authority_and_its_tracking_comes_back_delivered()
    {
        var permit = GoldenQuality.Tests.Codes.AdapterParserTests.FullPermit();
        var xml = SpsCertificate.Export(permit).ToString();
        var certificate = "CN-OUT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var deliveryId = await SendFromAqsiqAsync("EC", certificate, xml, twice: false);
        await TestFederation.WaitUntilAsync(async () => (await OutgoingAsync(deliveryId))?.HubDeliveryNumber is not null, "the hub to number AQSIQ's delivery");
        var number = (await OutgoingAsync(deliveryId))!.HubDeliveryNumber!;

        var ecuador = await EcuadorAsync();
        var headers = await (await ecuador.GetAsync("/api/hub/envelopes?box=import")).Json();
        var header = Assert.Single(headers.GetProperty("envelopes").EnumerateArray(), e => e.GetProperty("hubDeliveryNumber").GetString() == number);
        Assert.Equal("CN", header.GetProperty("from").GetString());
        Assert.Equal(certificate, header.GetProperty("nppoCertificateNumber").GetString());
        var content = (await (await ecuador.GetAsync($"/api/hub/envelopes/{number}")).Json()).GetProperty("content").GetString()!;

        // Imported back on the hub node's SPS importer: every field of the permit is there, nothing unmapped.
        var back = await (await ecuador.PostAsync("/api/codes/sps/import", new StringContent(content))).Json();
        Assert.Equal(0, back.GetProperty("notMappedCount").GetInt32());
        Assert.Equal(permit.ToJson().ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(back.GetProperty("permit").GetRawText())!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, (await ecuador.PostAsJsonAsync($"/api/hub/envelopes/{number}/acknowledgement", new { outcome = "delivered" })).StatusCode);
        await TestFederation.WaitUntilAsync(async () => (await OutgoingAsync(deliveryId))?.State == OutgoingState.Delivered, "the hub to report the delivery to AQSIQ");
        var port = await PortAsync();
        var outgoing = await (await port.GetAsync("/api/international/outgoing")).Json();
        var row = Assert.Single(outgoing.EnumerateArray(), o => o.GetProperty("deliveryId").GetGuid() == deliveryId);
        Assert.Equal("delivered", row.GetProperty("state").GetString());
        Assert.Equal(number, row.GetProperty("hubDeliveryNumber").GetString());
    }

    /// <summary>Sends through AQSIQ's hub outbox (and, with <paramref name="twice"/>, queues the same delivery once more, as a retry would).</summary>
    private async Task<Guid> SendFromAqsiqAsync(string to, string certificate, string content, bool twice)
    {
        await using var scope = Federation[TestFederation.Aqsiq].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var (id, refused) = await scope.ServiceProvider.GetRequiredService<IHubOutbox>()
            .SendAsync(db, HubContentKind.Certificate, to, "851", "70", certificate, content, null, null, "test", CancellationToken.None);
        Assert.True(id is not null, refused?.Render(System.Globalization.CultureInfo.InvariantCulture));
        if (twice)
        {
            var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.International).Send(db, InternationalWire.DeliveredType,
                new HubDelivery(id!.Value, to, "certificate", "851", "70", certificate, content), [TestFederation.Hub], "AQSIQ");
            Assert.Empty(sent.Denied);
        }

        await db.SaveChangesAsync();
        return id!.Value;
    }

    /// <summary>
    /// Queues a delivery as AQSIQ's outbox would record it, without the outbox's own checks (which would refuse it before
    /// sending), so that the hub's refusal over the exchange can be seen.
    /// </summary>
    private async Task<Guid> QueueRawAsync(string to, string certificate, string content)
    {
        await using var scope = Federation[TestFederation.Aqsiq].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        var id = Guid.CreateVersion7();
        db.Set<OutgoingRow>().Add(OutgoingRow.Create(id, HubContentKind.Certificate, to, "851", "70", certificate, content, null, null, "test", DateTimeOffset.UtcNow));
        var sent = scope.ServiceProvider.GetRequiredService<ExchangeSender>().As(SendingModule.International).Send(db, InternationalWire.DeliveredType,
            new HubDelivery(id, to, "certificate", "851", "70", certificate, content), [TestFederation.Hub], "AQSIQ");
        Assert.Empty(sent.Denied);
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>How many deliveries with this delivery id AQSIQ's outbox handed to the hub.</summary>
    private async Task<int> DeliveredToHubAsync(Guid deliveryId)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var rows = await db.Set<GoldenQuality.Exchange.OutboxMessage>().AsNoTracking().Where(m => m.Type == InternationalWire.DeliveredType && m.DeliveredAt != null).ToListAsync();
            return rows.Count(m => m.Payload.Contains(deliveryId.ToString(), StringComparison.Ordinal));
        }
    }

    private async Task<OutgoingRow?> OutgoingAsync(Guid id)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            return await db.Set<OutgoingRow>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == id);
        }
    }

    private async Task<int> HubCountAsync(Guid deliveryId)
    {
        var (scope, db) = Federation[TestFederation.Hub].Database();
        await using (scope)
        {
            return await db.Set<HubEnvelopeRow>().CountAsync(e => e.SenderDeliveryId == deliveryId);
        }
    }

    /// <summary>How many acknowledgements of the envelope AQSIQ's outbox delivered to the hub.</summary>
    private async Task<int> AcknowledgementsDeliveredAsync(string number)
    {
        var (scope, db) = Federation[TestFederation.Aqsiq].Database();
        await using (scope)
        {
            var rows = await db.Set<GoldenQuality.Exchange.OutboxMessage>().AsNoTracking().Where(m => m.Type == InternationalWire.AcknowledgedType).ToListAsync();
            return rows.Count(m => m.Payload.Contains(number, StringComparison.Ordinal) && m.DeliveredAt is not null);
        }
    }
}

[Collection("sqlite")]
public sealed class HubTestsOnSqlite(SqliteHubFederation fixture) : HubTests(fixture), IClassFixture<SqliteHubFederation>;

[Collection("postgres")]
public sealed class HubTestsOnPostgres(PostgresHubFederation fixture) : HubTests(fixture), IClassFixture<PostgresHubFederation>;
