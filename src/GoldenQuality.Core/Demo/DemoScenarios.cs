using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GoldenQuality.Demo;

/// <summary>The scenarios <c>gq demo --scenario NAME --exit</c> runs across the demo nodes; each returns true when every expected step happened.</summary>
internal static class DemoScenarios
{
    public static readonly string[] Names = ["exchange", "supervision", "export", "import", "forgery", "ministries", "provincial", "domestic", "alert", "fast-import", "accountability"];

    /// <summary>The settings the demo nodes run with for a scenario (beyond the demo's own), or none.</summary>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string? name) =>
        name == "alert" ? AlertScenario.Settings : name == "fast-import" ? FastImportScenario.Settings : new Dictionary<string, string?>(StringComparer.Ordinal);

    public static Task<bool> RunAsync(string name, DemoFederation federation, ILogTamper tamper, CancellationToken ct) => name switch
    {
        "exchange" => ExchangeAsync(federation, ct),
        "supervision" => SupervisionAsync(federation, ct),
        "export" => ClearanceScenarios.ExportAsync(federation, ct),
        "import" => ClearanceScenarios.ImportAsync(federation, ct),
        "forgery" => ClearanceScenarios.ForgeryAsync(federation, ct),
        "ministries" => MinistriesScenario.RunAsync(federation, ct),
        "provincial" => ProvincialScenario.RunAsync(federation, ct),
        "domestic" => DomesticScenario.RunAsync(federation, ct),
        "alert" => AlertScenario.RunAsync(federation, ct),
        "fast-import" => FastImportScenario.RunAsync(federation, ct),
        "accountability" => AccountabilityScenario.RunAsync(federation, tamper, ct),
        _ => throw new ArgumentException($"unknown scenario '{name}'", nameof(name)),
    };

    /// <summary>
    /// E-Supervision on the national node: the Hangzhou demo enterprise registers a line and a lot of rice for
    /// export and streams cadmium readings; one exceeds GB 2762's limit. The lot must go on hold, and the
    /// nonconformity must reach the supervising CIQ office over the exchange (a signed, logged local delivery).
    /// </summary>
    private static Task<bool> SupervisionAsync(DemoFederation federation, CancellationToken ct) =>
        NonconformityAsync(federation, DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture), ct);

    /// <summary>The supervision scenario's steps, with a line and lot named by <paramref name="stamp"/>; true when the lot is held and the nonconformity reached the supervising office.</summary>
    public static async Task<bool> NonconformityAsync(DemoFederation federation, string stamp, CancellationToken ct)
    {
        var national = federation[DemoFederation.National];
        var cookies = new System.Net.CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies };
        using var enterprise = new HttpClient(handler) { BaseAddress = new Uri(national.Url) };
        enterprise.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        var signIn = await enterprise.PostAsJsonAsync("/api/auth/sign-in", new { userName = "exporter.hangzhou", password = "demo-exporter-2026" }, ct);
        using var officer = new HttpClient { BaseAddress = new Uri(national.Url) };
        officer.DefaultRequestHeaders.Add("X-Api-Key", federation.Demo.SystemApiKey);
        var line = await enterprise.PostAsJsonAsync("/api/supervision/lines", new { code = "RICE-" + stamp, name = "Rice milling line (demo)" }, ct);
        var lot = await enterprise.PostAsJsonAsync("/api/supervision/lots", new { line = "RICE-" + stamp, number = "LOT-" + stamp, product = "cereal.rice", market = "export" }, ct);
        if (!signIn.IsSuccessStatusCode || !line.IsSuccessStatusCode || !lot.IsSuccessStatusCode)
        {
            AnsiConsole.MarkupLine($"[red]Could not open the demo lot: sign-in {(int)signIn.StatusCode}, line {(int)line.StatusCode}, lot {(int)lot.StatusCode}[/]");
            return false;
        }

        var lotId = (await lot.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var readings = new[] { 0.05, 0.06, 0.07, 0.05, 0.35 };
        var batch = readings.Select((value, i) => new
        {
            lot = lotId.ToString(),
            device = "ICP-MS-1",
            sensor = "cd",
            parameter = "cd",
            value,
            unit = "mg/kg",
            at = start.AddSeconds(30 * i).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray();
        var ingest = await enterprise.PostAsJsonAsync("/api/supervision/measurements", new { measurements = batch }, ct);
        AnsiConsole.MarkupLine($"[bold]1. exporter.hangzhou streams {readings.Length} cadmium readings[/] for lot LOT-{stamp} (rice, export): HTTP {(int)ingest.StatusCode}");

        var held = false;
        var dispatched = false;
        var received = false;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (DateTimeOffset.UtcNow < deadline && !(held && dispatched && received))
        {
            await Task.Delay(200, ct);
            var view = await officer.GetFromJsonAsync<JsonElement>($"/api/supervision/lots/{lotId}", ct);
            held = view.GetProperty("status").GetString() == "held";
            var events = await officer.GetFromJsonAsync<JsonElement>("/api/supervision/events?pageSize=500", ct);
            dispatched = Items(events).Any(e => e.GetProperty("lot").GetGuid() == lotId && e.GetProperty("dispatchedAt").ValueKind == JsonValueKind.String);
            var inbox = await officer.GetFromJsonAsync<JsonElement>("/api/supervision/received-events?pageSize=500", ct);
            received = Items(inbox).Any(e => e.GetRawText().Contains(lotId.ToString(), StringComparison.OrdinalIgnoreCase));
        }

        AnsiConsole.MarkupLine($"[bold]2. The 0.35 mg/kg reading exceeds GB 2762's 0.2 mg/kg[/]: lot on hold {(held ? "[green]yes[/]" : "[red]no[/]")}; " +
            $"nonconformity sent over the exchange {(dispatched ? "[green]yes[/]" : "[red]no[/]")}; received by the supervising CIQ office {(received ? "[green]yes[/]" : "[red]no[/]")}");
        return held && dispatched && received;
    }

    private static IEnumerable<JsonElement> Items(JsonElement page) =>
        page.ValueKind == JsonValueKind.Array ? page.EnumerateArray() : page.TryGetProperty("items", out var items) ? items.EnumerateArray() : [];

    /// <summary>
    /// The national node publishes one enterprise record to every agency an agreement covers (one multilateral
    /// event), each receives only the fields its agreement allows and returns a signed receipt; then the national
    /// node queries the central bank's credit record for that enterprise. Every node's message log must verify.
    /// </summary>
    private static async Task<bool> ExchangeAsync(DemoFederation federation, CancellationToken ct)
    {
        const string uscc = "913301000000DEM01D";
        var national = federation[DemoFederation.National];
        using var http = new HttpClient { BaseAddress = new Uri(national.Url) };
        http.DefaultRequestHeaders.Add("X-Api-Key", federation.Demo.SystemApiKey);
        var ok = true;

        // The registry publishes its own records (decision 0007): the operator endpoint cannot send a domain type.
        var publish = await http.PostAsync($"/api/registry/enterprises/{uscc}/publish", null, ct);
        var published = await publish.Content.ReadFromJsonAsync<PublishResponse>(Envelopes.Json, ct);
        AnsiConsole.MarkupLine($"[bold]1. {DemoFederation.National} publishes {RegistryMessages.EnterprisePublished}[/] for {uscc}: " +
            $"{published?.Envelopes.Length ?? 0} envelope(s) to {string.Join(", ", published?.Recipients ?? [])}");
        var expected = national.App.Services.GetRequiredService<ExchangeNode>().Directory.Required.Document.Agreements
            .Where(a => a.MessageTypes.Contains(RegistryMessages.EnterprisePublished) && a.Provider == "GQ/GOV/AQSIQ")
            .SelectMany(a => a.Consumers.Select(c => (Consumer: c, Agreement: a)))
            .ToList();
        var envelopes = published?.Envelopes ?? [];

        // Wait for every receipt.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        IReadOnlyList<SentEnvelope> rows;
        do
        {
            await Task.Delay(100, ct);
            await using var scope = national.App.Services.CreateAsyncScope();
            rows = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>().SentAsync(envelopes, ct);
        }
        while (rows.Any(r => !r.Delivered) && DateTimeOffset.UtcNow < deadline);

        var table = new Table().AddColumn("Node").AddColumn("Received").AddColumn("Agreement").AddColumn("Fields it got").AddColumn("Signed receipt");
        foreach (var (consumer, agreement) in expected)
        {
            var node = federation.Nodes.First(n => Parties.MemberOf(n.Id) == consumer);
            await using var scope = node.App.Services.CreateAsyncScope();
            var inbox = await scope.ServiceProvider.GetRequiredService<IExchangeRecords>().ReceivedAsync(new ReceivedQuery(Envelopes: envelopes), 1, 1, ct);
            var received = inbox.Items.FirstOrDefault();
            var row = rows.FirstOrDefault(r => r.RecipientNode == node.Id);
            var fields = received is null ? [] : JsonDocument.Parse(received.Payload).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            var replicated = await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindEnterpriseAsync(uscc, ct) is not null;
            var good = received is not null && row?.Delivered == true && replicated &&
                       fields.All(f => agreement.AllowedFields.Contains(f)) && received.AgreementId == agreement.Id;
            ok &= good;
            table.AddRow(
                Markup.Escape(node.Id),
                good ? "[green]yes[/]" : "[red]NO[/]",
                Markup.Escape(received?.AgreementId ?? "-"),
                Markup.Escape(string.Join(", ", fields)),
                row?.Delivered == true ? "[green]stored by the sender[/]" : $"[red]{Markup.Escape(row?.State ?? "none")}[/]");
        }

        AnsiConsole.Write(table);

        var query = await http.PostAsJsonAsync("/api/exchange/queries", new { provider = DemoFederation.Pbc, dataset = Ministries.Contracts.MinistriesWire.CreditRecordDataset, parameters = new { uscc } }, ct);
        var outcome = await query.Content.ReadFromJsonAsync<JsonElement>(ct);
        var answered = query.IsSuccessStatusCode && outcome.GetProperty("answered").GetBoolean();
        var answer = answered ? outcome.GetProperty("answer") : default;
        var credit = answered && answer.TryGetProperty("creditClass", out var c) ? c.GetString() : null;
        var minimised = answered && !answer.TryGetProperty("note", out _);
        ok &= credit is not null && minimised;
        AnsiConsole.MarkupLine($"[bold]2. {DemoFederation.National} queries credit-record on {DemoFederation.Pbc}[/]: " +
            (credit is null ? "[red]no answer[/]" : $"credit class [bold]{credit}[/], signed response verified; the rating note was withheld by the agreement: {(minimised ? "[green]yes[/]" : "[red]no[/]")}"));

        AnsiConsole.MarkupLine("[bold]3. Message logs[/]");
        foreach (var node in federation.Nodes)
        {
            await using var scope = node.App.Services.CreateAsyncScope();
            var log = await scope.ServiceProvider.GetRequiredService<ExchangeOperations>().VerifyLogAsync(ct);
            ok &= log.Intact;
            AnsiConsole.MarkupLine($"  {Markup.Escape(node.Id)}: {log.Entries} entries, " + (log.Intact ? "[green]chain intact[/]" : $"[red]broken at {log.BrokenAt}[/]"));
        }

        AnsiConsole.MarkupLine(ok ? "[green bold]Every expected delivery, receipt and answer happened.[/]" : "[red bold]Some delivery, receipt or answer is missing.[/]");
        return ok;
    }
}
