using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace GoldenQuality.Demo;

/// <summary>A step of the flow that did not do what it should; the message says which and why.</summary>
internal sealed class FlowException(string message) : Exception(message);

/// <summary>
/// Drives the clearance flow over HTTP as its people do: the enterprise declares, the inspecting CIQ office
/// inspects when the risk decision asks for it, the port office checks the paper and releases, Customs verifies
/// and decides. Used by the demo scenarios and by <c>gq bench flow</c>.
/// </summary>
internal sealed class FlowDriver : IDisposable
{
    private readonly List<HttpClient> clients = [];

    private FlowDriver()
    {
    }

    public HttpClient Enterprise { get; private set; } = null!;

    public HttpClient Inspector { get; private set; } = null!;

    public HttpClient Port { get; private set; } = null!;

    public HttpClient Customs { get; private set; } = null!;

    /// <summary>Signs in the demo accounts: the exporter (or the importing agent), the inspecting office, the port office and Customs.</summary>
    public static async Task<FlowDriver> SignInAsync(Uri national, Uri customs, string enterprise, string inspector, CancellationToken ct)
    {
        var driver = new FlowDriver();
        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        async Task<HttpClient> Sign(Uri node, string user)
        {
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = node };
            driver.clients.Add(client);
            // A cookie-authenticated client sends the header that proves it is not a cross-site form (decision 0006).
            client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
            var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password = passwords[user] }, ct);
            return response.IsSuccessStatusCode ? client : throw new FlowException($"{user} could not sign in at {node}: {(int)response.StatusCode}");
        }

        driver.Enterprise = await Sign(national, enterprise);
        driver.Inspector = await Sign(national, inspector);
        driver.Port = await Sign(national, "ciq.ningbo.port");
        driver.Customs = await Sign(customs, "customs.ningbo");
        return driver;
    }

    /// <summary>An export of green tea by the Hangzhou demo enterprise through Ningbo (the manufacturer declares itself).</summary>
    public static object ExportDeclaration(decimal quantity, string lot) => new
    {
        kind = "export",
        declarantUscc = "913301000000DEM01D",
        consignorUscc = "913301000000DEM01D",
        manufacturerUscc = "913301000000DEM01D",
        transportMode = "1",
        transportMeans = "COSCO SHIPPING ARIES / 042W",
        portOfLoading = "CNNGB",
        portOfExit = "CNNGB",
        country = "DE",
        contractReference = "HZT-2026-" + lot,
        invoiceReference = "INV-" + lot,
        documents = Array.Empty<object>(),
        lines = new[]
        {
            new
            {
                sequence = 1, hsCode = "0902101000", description = "Green tea (not fermented), packings ≤ 3 kg / 绿茶", quantity, unit = "KGM",
                netWeightKg = quantity, grossWeightKg = quantity * 1.08m, value = quantity * 18.5m, currency = "USD", placeOfOrigin = "330100",
                lots = new[] { lot }, packaging = "cartons",
            },
        },
    };

    /// <summary>An import of frozen shrimp by the Ningbo demo importer through Beilun (or <paramref name="port"/>), citing its quarantine permit (issued by MOA).</summary>
    public static object ImportDeclaration(decimal quantity, string lot, string quarantinePermit, string port = "CNNGB") => new
    {
        kind = "import",
        declarantUscc = "913302000000DEM02M",
        consigneeUscc = "913302000000DEM02M",
        transportMode = "1",
        transportMeans = "MSC ANNA / 214E",
        portOfLoading = "ECGYE",
        portOfEntry = port,
        country = "EC",
        contractReference = "NBF-2026-" + lot,
        invoiceReference = "EC-INV-" + lot,
        documents = new[] { new { type = "quarantine-permit", number = quarantinePermit, issuer = "MOA" } },
        lines = new[]
        {
            new
            {
                sequence = 1, hsCode = "0306170000", description = "Frozen shrimps (other) / 冻虾", quantity, unit = "KGM", netWeightKg = quantity,
                grossWeightKg = quantity * 1.05m, value = quantity * 7.2m, currency = "USD", placeOfOrigin = "EC", lots = new[] { lot }, packaging = "frozen cartons",
            },
        },
    };

    /// <summary>The MOA officer registers an issued entry quarantine permit for the Ningbo demo importer through Ningbo (or <paramref name="ports"/>) on the MOA node; returns its number.</summary>
    public static async Task<string> RegisterQuarantinePermitAsync(Uri moa, string hs, string origin, decimal quantity, CancellationToken ct, string[]? ports = null)
    {
        var passwords = DemoData.Passwords(Path.Combine(AppContext.BaseDirectory, "data"));
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = moa };
        client.DefaultRequestHeaders.Add("X-GQ-Request", "1");
        using var signedIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "moa.officer", password = passwords["moa.officer"] }, ct);
        if (!signedIn.IsSuccessStatusCode)
        {
            throw new FlowException($"moa.officer could not sign in at {moa}: {(int)signedIn.StatusCode}");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Expect(await client.PostAsJsonAsync("/api/ministries/lpcos/registered", new
        {
            kind = "quarantine-permit", holderUscc = "913302000000DEM02M", hsCode = hs, productDescription = "Demo import (fictional)", originCountry = origin, quantity,
            unit = "KGM", portsOfEntry = ports ?? ["CNNGB"], validFrom = today.AddDays(-1), validTo = today.AddDays(180),
        }, ct), HttpStatusCode.Created, "register the quarantine permit on the MOA node", ct);
        return created.GetProperty("number").GetString()!;
    }

    /// <summary>Creates and submits; returns the declaration as submitting left it (returned, accepted, in inspection, …).</summary>
    public async Task<JsonElement> DeclareAsync(object declaration, CancellationToken ct)
    {
        var created = await Expect(await Enterprise.PostAsJsonAsync("/api/declarations", declaration, ct), HttpStatusCode.Created, "create the declaration", ct);
        var id = created.GetProperty("id").GetGuid();
        return await Expect(await Enterprise.PostAsync($"/api/declarations/{id}/submit", null, ct), HttpStatusCode.OK, "submit", ct);
    }

    /// <summary>Creates and submits; when the risk decision asks for inspection, the inspecting office records a conforming result and issues the permit.</summary>
    public async Task<JsonElement> DeclareAndPassAsync(object declaration, CancellationToken ct)
    {
        var submitted = await DeclareAsync(declaration, ct);
        var id = submitted.GetProperty("id").GetGuid();
        if (submitted.GetProperty("status").GetString() == "inspection")
        {
            var lines = submitted.GetProperty("data").GetProperty("lines").EnumerateArray().Select(l => new
            {
                sequence = l.GetProperty("sequence").GetInt32(),
                quantityInspected = Math.Min(50m, l.GetProperty("quantity").GetDecimal()),
                findings = "packaging, labels and marks as declared; no pests; temperature as required",
                findingsConform = true,
                labResults = Array.Empty<object>(),
            }).ToArray();
            var inspected = await Expect(await Inspector.PostAsJsonAsync($"/api/declarations/{id}/inspection", new { lines }, ct), HttpStatusCode.OK, "record the inspection", ct);
            if (inspected.GetProperty("status").GetString() != "passed")
            {
                throw new FlowException($"the inspection did not pass: {inspected.GetProperty("status")}");
            }

            submitted = await Expect(await Inspector.PostAsync($"/api/declarations/{id}/permit", null, ct), HttpStatusCode.OK, "issue the permit", ct);
        }

        return submitted.GetProperty("status").GetString() == "permit-issued"
            ? submitted
            : throw new FlowException($"expected the permit to be issued, but the declaration is {submitted.GetProperty("status")}");
    }

    /// <summary>The permit as its trader sees it (the paper's data and QR payload).</summary>
    public async Task<JsonElement> PermitAsync(string number, CancellationToken ct) =>
        await Expect(await Enterprise.GetAsync($"/api/certificates/permits/{number}", ct), HttpStatusCode.OK, "read the permit", ct);

    /// <summary>Waits until an office's electronic copy has arrived (the exchange delivers asynchronously).</summary>
    public static async Task<JsonElement> WaitAsync(Func<Task<JsonElement?>> probe, string what, CancellationToken ct, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > until)
            {
                throw new FlowException($"timed out waiting for {what}");
            }

            await Task.Delay(25, ct);
        }
    }

    public async Task<JsonElement> PortCheckAsync(object check, CancellationToken ct) =>
        await Expect(await Port.PostAsJsonAsync("/api/certificates/checks", check, ct), HttpStatusCode.OK, "check the paper at the port", ct);

    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status, string step, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != status)
        {
            throw new FlowException($"{step}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

/// <summary>The clearance-flow scenarios of <c>gq demo --scenario export|import|forgery --exit</c>.</summary>
internal static class ClearanceScenarios
{
    /// <summary>Declaration → risk → (inspection) → permit → e-copy to the port → port check and release → clearance permit to Customs → verification → cleared → back to AQSIQ.</summary>
    public static Task<bool> ExportAsync(DemoFederation federation, CancellationToken ct) => Run(federation, "exporter.hangzhou", "ciq.hangzhou", async (driver, stamp) =>
    {
        var declaration = await driver.DeclareAndPassAsync(FlowDriver.ExportDeclaration(1200m, "TEA-" + stamp), ct);
        var permitNumber = declaration.GetProperty("permitNumber").GetString()!;
        var permit = await driver.PermitAsync(permitNumber, ct);
        var pdf = await driver.Enterprise.GetAsync($"/api/certificates/permits/{permitNumber}/pdf", ct);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(ct);
        Step("paper permit", pdf.IsSuccessStatusCode && pdf.Content.Headers.ContentType?.MediaType == "application/pdf",
            string.Create(CultureInfo.InvariantCulture, $"{bytes.Length:N0} bytes of PDF with the QR code"));
        var qr = permit.GetProperty("qrPayload").GetString()!;
        var check = await FlowDriver.WaitAsync(async () =>
        {
            var c = await driver.PortCheckAsync(new { qr, paper = new { lines = new[] { new { sequence = 1, hsCode = "0902101000", quantity = 1200m, unit = "KGM" } } } }, ct);
            return c.GetProperty("outcome").GetString() == "unknown" ? null : c;
        }, "the electronic copy at the port", ct);
        Step("port check", check.GetProperty("outcome").GetString() == "match", check.GetProperty("detail").GetString()!);
        await ReleaseAndClearAsync(driver, qr, declaration, ct);
        return true;
    });

    /// <summary>An import through Beilun: the port office inspects and issues the permit; the clearance permit goes to Customs and the e-copy to the inland office.</summary>
    public static Task<bool> ImportAsync(DemoFederation federation, CancellationToken ct) => Run(federation, "agent.ningbo", "ciq.ningbo.port", async (driver, stamp) =>
    {
        // The quarantine permit is MOA's: its officer registers one on the MOA node, where the import is checked at release.
        var quarantinePermit = await FlowDriver.RegisterQuarantinePermitAsync(new Uri(federation[DemoFederation.Moa].Url), "030617", "EC", 8000m, ct);
        Step("quarantine permit on the MOA node", true, quarantinePermit);
        var declaration = await driver.DeclareAndPassAsync(FlowDriver.ImportDeclaration(8000m, "SHRIMP-" + stamp, quarantinePermit), ct);
        var history = declaration.GetProperty("history").EnumerateArray().ToArray();
        var clearancePermit = history.Where(h => h.GetProperty("stage").GetString() == "clearance-permit-issued")
            .Select(h => h.GetProperty("detail").GetString()!.Split(' ')[0]).FirstOrDefault() ?? throw new FlowException("no clearance permit was issued");
        await CustomsClearAsync(driver, clearancePermit, "0306170000", 8000m, declaration, ct);

        // The inland office of the consignee's area checks its electronic copy of the inspection permit.
        var permit = await driver.PermitAsync(declaration.GetProperty("permitNumber").GetString()!, ct);
        using var inland = await FlowDriver.SignInAsync(driver.Enterprise.BaseAddress!, driver.Customs.BaseAddress!, "agent.ningbo", "ciq.ningbo", ct);
        var check = await FlowDriver.WaitAsync(async () =>
        {
            var c = await FlowDriver.Expect(await inland.Inspector.PostAsJsonAsync("/api/certificates/checks", new { qr = permit.GetProperty("qrPayload").GetString() }, ct), HttpStatusCode.OK, "inland check", ct);
            return c.GetProperty("outcome").GetString() == "unknown" ? null : c;
        }, "the inland office's copy", ct);
        Step("inland office check (CIQ-NB)", check.GetProperty("outcome").GetString() == "match", check.GetProperty("detail").GetString()!);
        return true;
    });

    /// <summary>A paper permit with its quantity altered (and, a second time, with a QR code printed for the altered data) is refused as a mismatch, and nothing is drawn.</summary>
    public static Task<bool> ForgeryAsync(DemoFederation federation, CancellationToken ct) => Run(federation, "exporter.hangzhou", "ciq.hangzhou", async (driver, stamp) =>
    {
        var declaration = await driver.DeclareAndPassAsync(FlowDriver.ExportDeclaration(1200m, "TEA-F-" + stamp), ct);
        var permit = await driver.PermitAsync(declaration.GetProperty("permitNumber").GetString()!, ct);
        var qr = permit.GetProperty("qrPayload").GetString()!;
        var genuine = await FlowDriver.WaitAsync(async () =>
        {
            var c = await driver.PortCheckAsync(new { qr }, ct);
            return c.GetProperty("outcome").GetString() == "unknown" ? null : c;
        }, "the electronic copy at the port", ct);
        Step("the genuine paper", genuine.GetProperty("outcome").GetString() == "match", genuine.GetProperty("detail").GetString()!);

        var altered = new { qr, paper = new { lines = new[] { new { sequence = 1, hsCode = "0902101000", quantity = 12000m, unit = "KGM" } } }, drawDown = new[] { new { sequence = 1, quantity = 12000m } } };
        var refused = await driver.Port.PostAsJsonAsync("/api/certificates/releases", altered, ct);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>(ct);
        var differences = body.TryGetProperty("differences", out var d) ? d.EnumerateArray().Select(x => $"{x.GetProperty("field").GetString()}: paper {x.GetProperty("paper")}, electronic {x.GetProperty("electronic")}").ToArray() : [];
        Step("paper with 12000 KGM instead of 1200 KGM", refused.StatusCode == HttpStatusCode.Conflict && body.GetProperty("outcome").GetString() == "mismatch" && differences.Any(x => x.StartsWith("paper.lines[0].quantity", StringComparison.Ordinal)),
            $"release refused ({(int)refused.StatusCode}): {string.Join("; ", differences)}");

        var parts = qr.Split('|');
        var forgedQr = string.Join('|', parts[0], parts[1], parts[2], Exchange.Contracts.Jws.Digest("forged permit for 12000 KGM"u8));
        var forged = await driver.PortCheckAsync(new { qr = forgedQr }, ct);
        Step("QR code printed for the altered data", forged.GetProperty("outcome").GetString() == "mismatch" &&
            forged.GetProperty("differences").EnumerateArray().Any(x => x.GetProperty("field").GetString() == "qr.digest"), forged.GetProperty("detail").GetString()!);

        var after = await driver.PortCheckAsync(new { qr }, ct);
        var remaining = after.GetProperty("remaining")[0].GetProperty("remaining").GetDecimal();
        Step("nothing drawn", remaining == 1200m, string.Create(CultureInfo.InvariantCulture, $"{remaining} KGM still permitted"));
        return true;
    });

    private static async Task ReleaseAndClearAsync(FlowDriver driver, string qr, JsonElement declaration, CancellationToken ct)
    {
        var line = declaration.GetProperty("data").GetProperty("lines")[0];
        var quantity = line.GetProperty("quantity").GetDecimal();
        var release = await FlowDriver.Expect(await driver.Port.PostAsJsonAsync("/api/certificates/releases", new { qr, drawDown = new[] { new { sequence = 1, quantity } } }, ct),
            HttpStatusCode.OK, "release at the port", ct);
        var clearancePermit = release.GetProperty("clearancePermit").GetString()!;
        Step("port release", true, $"drew {quantity.ToString(CultureInfo.InvariantCulture)} KGM; customs clearance permit {clearancePermit} sent to {string.Join(", ", release.GetProperty("clearanceSentTo").EnumerateArray().Select(x => x.GetString()))}");
        await CustomsClearAsync(driver, clearancePermit, line.GetProperty("hsCode").GetString()!, quantity, declaration, ct);
    }

    private static async Task CustomsClearAsync(FlowDriver driver, string clearancePermit, string hs, decimal quantity, JsonElement declaration, CancellationToken ct)
    {
        var lines = new[] { new { sequence = 1, hsCode = hs, quantity, unit = "KGM" } };
        var verification = await FlowDriver.WaitAsync(async () =>
        {
            var v = await FlowDriver.Expect(await driver.Customs.PostAsJsonAsync("/api/clearance/verifications", new { permitNumber = clearancePermit, lines }, ct), HttpStatusCode.OK, "customs verification", ct);
            return v.GetProperty("outcome").GetString() == "unknown" ? null : v;
        }, "the clearance permit at Customs", ct);
        Step("Customs verification", verification.GetProperty("outcome").GetString() == "match", verification.GetProperty("detail").GetString()!);
        var customsNumber = "3102" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)[2..];
        var decision = await FlowDriver.Expect(await driver.Customs.PostAsJsonAsync("/api/clearance/decisions",
            new { customsDeclarationNumber = customsNumber, permitNumber = clearancePermit, lines, decision = "cleared", reasonCode = "C02" }, ct), HttpStatusCode.Created, "customs decision", ct);
        Step("Customs decision", decision.GetProperty("decision").GetString() == "cleared", $"cleared C02 on customs declaration {customsNumber}, {decision.GetProperty("basis").GetString()} permit");
        var id = declaration.GetProperty("id").GetGuid();
        var cleared = await FlowDriver.WaitAsync(async () =>
        {
            var d = await FlowDriver.Expect(await driver.Enterprise.GetAsync($"/api/declarations/{id}", ct), HttpStatusCode.OK, "read the declaration", ct);
            return d.GetProperty("status").GetString() == "cleared" ? d : null;
        }, "Customs' decision back at AQSIQ", ct);
        PrintTimeline(cleared);
    }

    public static async Task<bool> Run(DemoFederation federation, string enterprise, string inspector, Func<FlowDriver, string, Task<bool>> flow)
    {
        try
        {
            using var driver = await FlowDriver.SignInAsync(new Uri(federation[DemoFederation.National].Url), new Uri(federation[DemoFederation.Customs].Url), enterprise, inspector, CancellationToken.None);
            return await flow(driver, DateTime.UtcNow.ToString("yyMMddHHmmssfff", CultureInfo.InvariantCulture));
        }
        catch (FlowException e)
        {
            AnsiConsole.MarkupLine($"[red]✗ {Markup.Escape(e.Message)}[/]");
            return false;
        }
    }

    public static void Step(string what, bool ok, string detail)
    {
        AnsiConsole.MarkupLine($"{(ok ? "[green]✓[/]" : "[red]✗[/]")} [bold]{Markup.Escape(what)}[/]: {Markup.Escape(detail)}");
        if (!ok)
        {
            throw new FlowException($"{what} failed");
        }
    }

    private static void PrintTimeline(JsonElement declaration)
    {
        var table = new Table().Title($"Timeline of {Markup.Escape(declaration.GetProperty("number").GetString()!)}")
            .AddColumn("At (UTC)").AddColumn(new TableColumn("+ms").RightAligned()).AddColumn("Stage").AddColumn("Status").AddColumn("By").AddColumn("Detail");
        DateTimeOffset? first = null;
        foreach (var h in declaration.GetProperty("history").EnumerateArray())
        {
            var at = h.GetProperty("at").GetDateTimeOffset();
            first ??= at;
            table.AddRow(at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), ((at - first.Value).TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture),
                Markup.Escape(h.GetProperty("stage").GetString()!), Markup.Escape(h.GetProperty("status").GetString()!), Markup.Escape(h.GetProperty("actor").GetString()!),
                Markup.Escape(Shorten(h.GetProperty("detail").GetString()!)));
        }

        AnsiConsole.Write(table);
        var risk = declaration.GetProperty("risk");
        AnsiConsole.MarkupLine($"Risk decision: [bold]{Markup.Escape(risk.GetProperty("outcome").GetString()!)}[/] (score {risk.GetProperty("score")}, seed {risk.GetProperty("seed")})");
        foreach (var r in risk.GetProperty("reasons").EnumerateArray())
        {
            AnsiConsole.MarkupLine($"  · {Markup.Escape(r.GetProperty("input").GetString()!)} = {Markup.Escape(r.GetProperty("value").GetString()!)} (+{r.GetProperty("points")}): {Markup.Escape(r.GetProperty("explanation").GetString()!)}");
        }
    }

    private static string Shorten(string s) => s.Length > 110 ? s[..110] + "…" : s;
}
