using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoldenQuality.Demo;

/// <summary>
/// The export clearance flow as a careful client runs it while nodes die and come back: when a request is lost (refused,
/// reset, or 502/503/504 from a proxy or a node whose database is away), it reads the state before sending a change
/// again, so nothing is applied twice; Customs' decision is repeated with the same declaration number, and "already
/// decided" means the lost one took effect. Used by <c>gq bench chaos</c> and the multi-instance test.
/// </summary>
internal sealed class ResilientFlows(FlowDriver driver, Action lost, TimeSpan retryDelay)
{
    public System.Collections.Concurrent.ConcurrentBag<string> Lots { get; } = [];

    /// <summary>How many declarations of the exporter have <paramref name="status"/>.</summary>
    public async Task<int> CountAsync(string status, CancellationToken ct) =>
        (await ReadAsync(() => driver.Enterprise.GetAsync($"/api/declarations?status={status}&pageSize=1", ct), ct)).GetProperty("total").GetInt32();

    /// <summary>One flow, from the declaration to Customs' clearance; <paramref name="n"/> names its lot.</summary>
    public async Task RunAsync(int n, CancellationToken ct)
    {
        var lot = string.Create(CultureInfo.InvariantCulture, $"RF-{n}-{Guid.NewGuid():N}")[..20];
        Lots.Add(lot);
        var body = FlowDriver.ExportDeclaration(100m, lot);
        Guid id;
        while (true)
        {
            if (await SendAsync(() => driver.Enterprise.PostAsJsonAsync("/api/declarations", body, ct), ct) is { } created)
            {
                id = (await FlowDriver.Expect(created, HttpStatusCode.Created, "create", ct)).GetProperty("id").GetGuid();
                break;
            }

            if (await FindDraftAsync("HZT-2026-" + lot, ct) is { } found)
            {
                id = found;
                break;
            }
        }

        var declaration = await StepAsync(() => driver.Enterprise.PostAsync($"/api/declarations/{id}/submit", null, ct), id, "draft", "submit", ct);
        if (Status(declaration) == "inspection")
        {
            var lines = declaration.GetProperty("data").GetProperty("lines").EnumerateArray().Select(l => new
            {
                sequence = l.GetProperty("sequence").GetInt32(),
                quantityInspected = 50m,
                findings = "packaging, labels and marks as declared",
                findingsConform = true,
                labResults = Array.Empty<object>(),
            }).ToArray();
            declaration = await StepAsync(() => driver.Inspector.PostAsJsonAsync($"/api/declarations/{id}/inspection", new { lines }, ct), id, "inspection", "record the inspection", ct);
        }

        if (Status(declaration) == "passed")
        {
            declaration = await StepAsync(() => driver.Inspector.PostAsync($"/api/declarations/{id}/permit", null, ct), id, "passed", "issue the permit", ct);
        }

        if (Status(declaration) != "permit-issued")
        {
            throw new FlowException($"declaration {id}: '{Status(declaration)}' where a permit was expected");
        }

        var permitNumber = declaration.GetProperty("permitNumber").GetString();
        var permit = await ReadAsync(() => driver.Enterprise.GetAsync($"/api/certificates/permits/{permitNumber}", ct), ct);
        string clearancePermit;
        while (true)
        {
            if (await SendAsync(() => driver.Port.PostAsJsonAsync("/api/certificates/releases", new { qr = permit.GetProperty("qrPayload").GetString(), drawDown = new[] { new { sequence = 1, quantity = 100m } } }, ct), ct) is { } released)
            {
                // The port office's electronic copy comes by the exchange (local delivery): "unknown" until it has arrived.
                if (released.StatusCode == HttpStatusCode.Conflict && (await released.Content.ReadAsStringAsync(ct)).Contains("\"outcome\":\"unknown\"", StringComparison.Ordinal))
                {
                    released.Dispose();
                    await Task.Delay(50, ct);
                    continue;
                }

                clearancePermit = (await FlowDriver.Expect(released, HttpStatusCode.OK, "release", ct)).GetProperty("clearancePermit").GetString()!;
                break;
            }

            // The lost release may have taken effect. The port office's own copy says so: it names the clearance permit
            // the release issued (the issuer's permit, which the trader reads, does not).
            if (await HeldClearanceAsync(permitNumber!, ct) is { } issued)
            {
                clearancePermit = issued;
                break;
            }
        }

        // Customs is its own node; its copy of the clearance permit arrives by the exchange ("unknown" until then).
        var number = "RF" + Guid.NewGuid().ToString("N")[..16];
        var decision = new { customsDeclarationNumber = number, permitNumber = clearancePermit, lines = new[] { new { sequence = 1, hsCode = "0902101000", quantity = 100m, unit = "KGM" } }, decision = "cleared" };
        var sentBefore = false;
        while (true)
        {
            if (await SendAsync(() => driver.Customs.PostAsJsonAsync("/api/clearance/decisions", decision, ct), ct) is not { } response)
            {
                sentBefore = true;
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.Created || (sentBefore && response.StatusCode == HttpStatusCode.Conflict && text.Contains("\"customsDeclarationNumber\"", StringComparison.Ordinal)))
                {
                    return;
                }

                if (!text.Contains("\"outcome\":\"unknown\"", StringComparison.Ordinal))
                {
                    throw new FlowException($"customs decision: {(int)response.StatusCode} {text}");
                }
            }

            await Task.Delay(retryDelay, ct);
        }
    }

    /// <summary>Sends a change; after a lost request reads the declaration and sends again only while it is still <paramref name="before"/>.</summary>
    private async Task<JsonElement> StepAsync(Func<Task<HttpResponseMessage>> call, Guid id, string before, string what, CancellationToken ct)
    {
        while (true)
        {
            if (await SendAsync(call, ct) is { } answered)
            {
                return await FlowDriver.Expect(answered, HttpStatusCode.OK, what, ct);
            }

            var now = await ReadAsync(() => driver.Enterprise.GetAsync($"/api/declarations/{id}", ct), ct);
            if (Status(now) != before)
            {
                return now;
            }
        }
    }

    /// <summary>The clearance permit the port office's copy of the permit names, or null when it has none (or no copy yet).</summary>
    private async Task<string?> HeldClearanceAsync(string permitNumber, CancellationToken ct)
    {
        while (true)
        {
            if (await SendAsync(() => driver.Port.GetAsync($"/api/certificates/permits/{permitNumber}", ct), ct) is not { } answered)
            {
                continue;
            }

            using (answered)
            {
                if (answered.StatusCode != HttpStatusCode.OK)
                {
                    return null;
                }

                var copy = await answered.Content.ReadFromJsonAsync<JsonElement>(ct);
                return copy.TryGetProperty("clearancePermit", out var issued) && issued.ValueKind == JsonValueKind.String ? issued.GetString() : null;
            }
        }
    }

    private async Task<Guid?> FindDraftAsync(string contract, CancellationToken ct)
    {
        var drafts = await ReadAsync(() => driver.Enterprise.GetAsync("/api/declarations?status=draft&pageSize=100", ct), ct);
        foreach (var item in drafts.GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("id").GetGuid();
            var full = await ReadAsync(() => driver.Enterprise.GetAsync($"/api/declarations/{id}", ct), ct);
            if (full.GetProperty("data").GetProperty("contractReference").GetString() == contract)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>A read, repeated until it is answered.</summary>
    private async Task<JsonElement> ReadAsync(Func<Task<HttpResponseMessage>> call, CancellationToken ct)
    {
        while (true)
        {
            if (await SendAsync(call, ct) is { } answered)
            {
                return await FlowDriver.Expect(answered, HttpStatusCode.OK, "read", ct);
            }
        }
    }

    /// <summary>The answer, or null when the request was lost (after a pause).</summary>
    private async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> call, CancellationToken ct)
    {
        try
        {
            var response = await call();
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                response.Dispose();
                lost();
                await Task.Delay(retryDelay, ct);
                return null;
            }

            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            lost();
            await Task.Delay(retryDelay, ct);
            return null;
        }
    }

    private static string? Status(JsonElement declaration) => declaration.GetProperty("status").GetString();
}
