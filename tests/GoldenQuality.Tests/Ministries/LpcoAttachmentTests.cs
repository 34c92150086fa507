using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoldenQuality.Audit.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoldenQuality.Tests.Ministries.LpcoFederation;

namespace GoldenQuality.Tests.Ministries;

/// <summary>Documents attached to an LPCO application over HTTP: checked types and sizes, SHA-256, downloads, limits, access, both languages.</summary>
public abstract class LpcoAttachmentTests(LpcoFederation fixture)
{
    private const string Moa = TestFederation.Moa;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% sales contract (test)\n%%EOF\n");

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static MultipartFormDataContent Upload(string name, string type, byte[] content, string? kind = "contract")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        var form = new MultipartFormDataContent { { part, "file", name } };
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        return form;
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, Guid id, MultipartFormDataContent form, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ministries/lpcos/{id}/attachments") { Content = form };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return client.SendAsync(request);
    }

    private static async Task<Guid> ApplyAsync(HttpClient importer)
    {
        var applied = await Expect(await importer.PostAsJsonAsync("/api/ministries/lpcos", new
        {
            kind = "quarantine-permit", hsCode = "020230", productDescription = "Boneless frozen beef (attachment test)", originCountry = "AU",
            quantity = 2000m, unit = "KGM", portsOfEntry = new[] { "CNNGB" }, validFrom = "2026-03-01", validTo = "2027-02-28",
        }), HttpStatusCode.Created);
        return applied.GetProperty("id").GetGuid();
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Fact]
    public async Task The_applicant_attaches_a_contract_pdf_and_downloads_it_back_unchanged_as_an_attachment()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var id = await ApplyAsync(importer);

        // The client's path is dropped: only the file's own name is kept.
        var view = await Expect(await AttachAsync(importer, id, Upload(@"C:\fakepath\..\contract.pdf", "application/pdf", Pdf)), HttpStatusCode.OK);
        var attached = Assert.Single(view.GetProperty("attachments").EnumerateArray());
        Assert.Equal("contract.pdf", attached.GetProperty("name").GetString());
        Assert.Equal("contract", attached.GetProperty("kind").GetString());
        Assert.Equal("application/pdf", attached.GetProperty("contentType").GetString());
        Assert.Equal(Pdf.Length, attached.GetProperty("length").GetInt64());
        Assert.Equal(Sha(Pdf), attached.GetProperty("sha256").GetString());
        Assert.Equal("moa.importer", attached.GetProperty("attachedBy").GetString());
        Assert.Equal("enterprise:" + NingboFood, attached.GetProperty("onBehalfOf").GetString());
        Assert.False(attached.TryGetProperty("content", out _), "the view must not carry the bytes");

        var download = await importer.GetAsync($"/api/ministries/lpcos/{id}/attachments/{Sha(Pdf)}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("contract.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(["nosniff"], download.Headers.GetValues("X-Content-Type-Options"));

        // The officer of the issuing ministry reads the application with its documents and adds one of its own.
        var officer = await fixture.SignInAsync("moa.officer", Moa);
        await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/review", new { }), HttpStatusCode.OK);
        var note = Encoding.UTF8.GetBytes("Establishment approval checked: AU-1234 (test).\n");
        var two = await Expect(await AttachAsync(officer, id, Upload("note.txt", "text/plain; charset=utf-8", note, "certificate")), HttpStatusCode.OK);
        Assert.Equal(["contract.pdf", "note.txt"], two.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()!));
        Assert.Equal(note, await (await officer.GetAsync($"/api/ministries/lpcos/{id}/attachments/{Sha(note)}")).Content.ReadAsByteArrayAsync());
        var read = await Expect(await importer.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK);
        Assert.Equal(2, read.GetProperty("attachments").GetArrayLength());

        // Decided, the application takes no more documents; its documents can still be read.
        await Expect(await officer.PostAsJsonAsync($"/api/ministries/lpcos/{id}/issue", new { }), HttpStatusCode.OK);
        var closed = await Expect(await AttachAsync(importer, id, Upload("late.pdf", "application/pdf", [.. Pdf, .. "late"u8.ToArray()])), HttpStatusCode.Conflict);
        Assert.Equal("status", closed.GetProperty("field").GetString());
        Assert.Contains("is issued", closed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(Pdf, await (await importer.GetAsync($"/api/ministries/lpcos/{id}/attachments/{Sha(Pdf)}")).Content.ReadAsByteArrayAsync());
        await Expect(await importer.GetAsync($"/api/ministries/lpcos/{id}/attachments/{new string('0', 64)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Attaching_adds_a_coded_line_to_the_history_and_a_download_is_in_the_audit_log()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var id = await ApplyAsync(importer);
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n% origin certificate {Guid.NewGuid()} (test)\n%%EOF\n");
        await Expect(await AttachAsync(importer, id, Upload("origin.pdf", "application/pdf", pdf, "certificate")), HttpStatusCode.OK);

        async Task<string?> AttachedReasonAsync(string language)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ministries/lpcos/{id}");
            request.Headers.AcceptLanguage.ParseAdd(language);
            var view = await Expect(await importer.SendAsync(request), HttpStatusCode.OK);
            var line = Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "attached");
            return line.GetProperty("reason").GetString();
        }

        Assert.Equal("certificate attached: origin.pdf", await AttachedReasonAsync("en"));
        Assert.Equal("附上证书：origin.pdf", await AttachedReasonAsync("zh-CN"));

        // The download is a protected read: it is served once it is in the audit log, like the view that lists it.
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.Equal(pdf, await (await importer.GetAsync($"/api/ministries/lpcos/{id}/attachments/{Sha(pdf)}")).Content.ReadAsByteArrayAsync());
        await using var scope = fixture.Federation[Moa].Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IAuditQueries>().SearchAsync(
            new AuditQuery("lpco-attachment:quarantine-permit", $"{id}/{Sha(pdf)}", From: before), 1, 50, CancellationToken.None);
        var entry = Assert.Single(found.Items);
        Assert.Equal("moa.importer", entry.Reader);
        Assert.Equal("lpco-register", entry.Purpose);
        Assert.Contains("content", entry.Fields);
    }

    [Fact]
    public async Task A_disguised_executable_a_too_large_file_an_unknown_kind_a_duplicate_and_a_sixth_file_are_refused_by_field()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var id = await ApplyAsync(importer);

        var exe = (byte[])[.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00, .. new byte[200]];
        var disguised = await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", exe)), HttpStatusCode.BadRequest);
        Assert.Equal(["the content is not application/pdf"], Errors(disguised, "file"));
        Assert.Equal("upload.content-mismatch", disguised.GetProperty("messages").GetProperty("file")[0].GetProperty("code").GetString());
        var exeType = await Expect(await AttachAsync(importer, id, Upload("setup.exe", "application/x-msdownload", exe)), HttpStatusCode.BadRequest);
        Assert.Equal(["'application/x-msdownload' is not one of: application/pdf, image/png, image/jpeg, text/plain"], Errors(exeType, "file"));
        var nul = await Expect(await AttachAsync(importer, id, Upload("notes.txt", "text/plain", [0x61, 0x00, 0x62])), HttpStatusCode.BadRequest);
        Assert.Equal(["the content is not text/plain"], Errors(nul, "file"));

        var large = (byte[])[.. Pdf, .. new byte[(2 * 1024 * 1024) - Pdf.Length + 1]];
        var tooLarge = await Expect(await AttachAsync(importer, id, Upload("scan.pdf", "application/pdf", large)), HttpStatusCode.BadRequest);
        Assert.Equal(["is larger than 2 MB"], Errors(tooLarge, "file"));

        var unknown = await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf, "invoice")), HttpStatusCode.BadRequest);
        Assert.Equal(["'invoice' is not one of: contract, certificate, licence, other"], Errors(unknown, "kind"));
        var noKind = await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf, null)), HttpStatusCode.BadRequest);
        Assert.Equal(["is required"], Errors(noKind, "kind"));
        Assert.Equal(0, (await Expect(await importer.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK)).GetProperty("attachments").GetArrayLength());

        await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf)), HttpStatusCode.OK);
        var duplicate = await Expect(await AttachAsync(importer, id, Upload("copy-of-contract.pdf", "application/pdf", Pdf, "other")), HttpStatusCode.BadRequest);
        Assert.Equal([$"this file (SHA-256 {Sha(Pdf)}) is already attached"], Errors(duplicate, "file"));

        var png = (byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var jpeg = (byte[])[0xFF, 0xD8, 0xFF, 0xE0, 4, 5, 6];
        await Expect(await AttachAsync(importer, id, Upload("stamp.png", "image/png", png, "certificate")), HttpStatusCode.OK);
        await Expect(await AttachAsync(importer, id, Upload("photo.jpg", "image/jpeg", jpeg, "other")), HttpStatusCode.OK);
        await Expect(await AttachAsync(importer, id, Upload("licence.txt", "text/plain", "营业执照 (test)\n"u8.ToArray(), "licence")), HttpStatusCode.OK);
        await Expect(await AttachAsync(importer, id, Upload("annex.pdf", "application/pdf", [.. Pdf, .. "annex"u8.ToArray()])), HttpStatusCode.OK);
        var sixth = await Expect(await AttachAsync(importer, id, Upload("sixth.pdf", "application/pdf", [.. Pdf, .. "sixth"u8.ToArray()])), HttpStatusCode.BadRequest);
        Assert.Equal(["5 files are already attached, the most allowed"], Errors(sixth, "file"));
        Assert.Equal(["contract", "certificate", "other", "licence", "contract"],
            (await Expect(await importer.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK)).GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("kind").GetString()!));
    }

    [Fact]
    public async Task The_reasons_are_in_chinese_when_the_client_asks_for_chinese()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var id = await ApplyAsync(importer);
        var exe = (byte[])[.. "MZ"u8.ToArray(), 0x90, 0x00, 0x03, 0x00];
        var refused = await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", exe, "invoice"), "zh-CN"), HttpStatusCode.BadRequest);
        Assert.Equal(["文件内容不是 application/pdf"], Errors(refused, "file"));
        Assert.Equal(["“invoice”不是允许的值（允许：contract, certificate, licence, other）"], Errors(refused, "kind"));

        await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf)), HttpStatusCode.OK);
        var duplicate = await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf), "zh-CN"), HttpStatusCode.BadRequest);
        Assert.Equal([$"该文件（SHA-256 {Sha(Pdf)}）已经附上，不能重复附加"], Errors(duplicate, "file"));
        var large = (byte[])[.. Pdf, .. new byte[2 * 1024 * 1024]];
        var tooLarge = await Expect(await AttachAsync(importer, id, Upload("scan.pdf", "application/pdf", large), "zh-CN"), HttpStatusCode.BadRequest);
        Assert.Equal(["文件大于 2 MB"], Errors(tooLarge, "file"));
    }

    [Fact]
    public async Task Another_enterprise_may_neither_attach_to_nor_read_an_application_that_is_not_its_own()
    {
        var importer = await fixture.SignInAsync("moa.importer", Moa);
        var id = await ApplyAsync(importer);
        await Expect(await AttachAsync(importer, id, Upload("contract.pdf", "application/pdf", Pdf)), HttpStatusCode.OK);

        var other = await OtherEnterpriseAsync();
        var attach = await Expect(await AttachAsync(other, id, Upload("contract.pdf", "application/pdf", [.. Pdf, .. "other"u8.ToArray()])), HttpStatusCode.Forbidden);
        Assert.Contains("Only the applying enterprise and the officers of the MOA", attach.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Expect(await other.GetAsync($"/api/ministries/lpcos/{id}/attachments/{Sha(Pdf)}"), HttpStatusCode.Forbidden);
        Assert.Single((await Expect(await importer.GetAsync($"/api/ministries/lpcos/{id}"), HttpStatusCode.OK)).GetProperty("attachments").EnumerateArray());
        await Expect(await AttachAsync(importer, Guid.NewGuid(), Upload("contract.pdf", "application/pdf", Pdf)), HttpStatusCode.NotFound);
    }

    /// <summary>A user of another enterprise (Qingdao) on the MOA node, created as the node's administrator would; signed in.</summary>
    private async Task<HttpClient> OtherEnterpriseAsync()
    {
        var name = "qingdao." + Guid.NewGuid().ToString("N")[..8];
        const string password = "test-qingdao-importer-2026";
        var node = fixture.Federation[Moa];
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var office = await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindOfficeAsync("MOA", CancellationToken.None);
            Assert.NotNull(office);
            var admin = new Actor(Guid.Empty, "test-setup", UserRoles.Admin, office.Id, office.Code, office.Agency, office.ProvinceCode, null);
            var created = await scope.ServiceProvider.GetRequiredService<CreateUser>().HandleAsync(admin,
                new NewUser(name, "Qingdao importer (test)", password, ["enterprise-user"], null, QingdaoSeafood), CancellationToken.None);
            Assert.True(created.Succeeded, $"the Qingdao user was not created: {created.StatusCode} {created.Invalid?.ProblemDetails.Detail}");
        }

        return await fixture.Federation.SignInAsync(Moa, name, password);
    }
}

[Collection("sqlite")]
public sealed class LpcoAttachmentsOnSqlite(SqliteLpcoFederation fixture) : LpcoAttachmentTests(fixture), IClassFixture<SqliteLpcoFederation>;

[Collection("postgres")]
public sealed class LpcoAttachmentsOnPostgres(PostgresLpcoFederation fixture) : LpcoAttachmentTests(fixture), IClassFixture<PostgresLpcoFederation>;
