using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GoldenQuality.BrowserTests.Infrastructure;

/// <summary>
/// One real node (SQLite, demo accounts loaded, as the HTTP tests' <see cref="SqliteNode"/>) and one headless
/// Chromium from the system for the whole collection. Chromium is Debian's package, found on PATH; the tests
/// never download a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public SqliteNode Node { get; } = new() { WithGeneratedHistory = true };

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> at the repository root (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = FindScreenshotFolder();

    public async Task InitializeAsync()
    {
        await Node.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FindChromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        await Node.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) in the given interface language, and a page in it.</summary>
    public async Task<IPage> NewPageAsync(string culture = "en")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Node.BaseAddress.ToString(), Locale = culture });
        await SetCultureAsync(context, culture);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context (own cookies) on another node (e.g. a ministry node of a <see cref="TestFederation"/>), and a page in it.</summary>
    public async Task<IPage> NewPageAsync(Uri node, string culture)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = node.ToString(), Locale = culture });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = ".AspNetCore.Culture",
            Value = Uri.EscapeDataString($"c={culture}|uic={culture}"),
            Url = node.ToString(),
        }]);
        return await context.NewPageAsync();
    }

    public Task SetCultureAsync(IBrowserContext context, string culture) =>
        context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = ".AspNetCore.Culture",
            Value = Uri.EscapeDataString($"c={culture}|uic={culture}"),
            Url = Node.BaseAddress.ToString(),
        }]);

    /// <summary>Signs in through the sign-in form, as a person would.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("form button[type=submit]").ClickAsync();
        // Generous: a sign-in hashes a password (PBKDF2), which takes seconds on a loaded two-core machine.
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = 90_000 });
    }

    /// <summary>Creates an enterprise user for the enterprise (admin API) and returns its user name; the password is <c>test-password-1</c>.</summary>
    public async Task<string> NewEnterpriseUserAsync(string uscc)
    {
        using var admin = await Node.AdminAsync();
        var userName = "ent-" + Guid.NewGuid().ToString("N")[..10];
        var response = await admin.PostAsJsonAsync("/api/identity/users", new
        {
            userName,
            displayName = "测试申报员 " + userName[4..],
            password = "test-password-1",
            roles = new[] { "enterprise-user" },
            enterpriseUscc = uscc,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userName;
    }

    /// <summary>
    /// Downloads what the list's "download all as CSV" link gives, with the page's cookies: checks that it is UTF-8 CSV with
    /// a byte-order mark and returns its lines (the column names first).
    /// </summary>
    public static async Task<string[]> DownloadCsvAsync(IPage page)
    {
        var href = await page.Locator("[data-testid=export-csv]").GetAttributeAsync("href");
        var csv = await page.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        var bytes = await csv.BodyAsync();
        Assert.Equal(System.Text.Encoding.UTF8.GetPreamble(), bytes[..3]);
        return System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A full-page screenshot, saved as a test artefact.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, string culture)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.{culture}.png"), FullPage = true });
    }

    /// <summary>
    /// The page again in each language, the other one first so that it ends in the language it was in: the checks of that
    /// language, axe and a screenshot each.
    /// </summary>
    public static async Task InBothLanguagesAsync(IPage page, string name, Func<IPage, Task>? chinese = null, Func<IPage, Task>? english = null)
    {
        var current = await page.Locator("html").GetAttributeAsync("lang");
        foreach (var culture in current == "zh-CN" ? new[] { "en", "zh-CN" } : ["zh-CN", "en"])
        {
            await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = new Uri(page.Url).GetLeftPart(UriPartial.Authority) }]);
            await page.GotoAsync(page.Url);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            if ((culture == "zh-CN" ? chinese : english) is { } check)
            {
                await check(page);
            }

            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, name, culture);
        }
    }

    /// <summary>
    /// Fails when a Chinese page shows an English sentence: three or more English words in a row in the text a person
    /// reads (and in the labels and titles a screen reader reads), outside what the page marks as English on purpose
    /// (<c>lang="en"</c>, e.g. the HS nomenclature, which has no official Chinese text), outside what people typed
    /// (<c>data-user-text</c>: a need's description, a comment) and outside codes (<c>code</c>, <c>kbd</c>,
    /// <c>pre</c>). Every page axe checks in Chinese is checked so.
    /// </summary>
    public static async Task AssertNoEnglishAsync(IPage page)
    {
        var found = await page.EvaluateAsync<string[]>("""
            () => {
              // Three or more words in a row, two of them with a lower-case letter: a sentence, not a code (CIQ-ZJ-HZ, GB 2762).
              const run = /[A-Za-z]{2,}(?:[,:;'’]?\s+[A-Za-z]{2,}){2,}/g;
              const sentence = t => (t.match(run) || []).some(m => m.split(/[,:;'’]?\s+/).filter(w => /[a-z]/.test(w)).length >= 2);
              const skip = el => el.closest('[lang^="en"], [data-user-text], code, kbd, pre, textarea, script, style, noscript, template');
              const hits = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const text = n.nodeValue.trim();
                if (text && n.parentElement && !skip(n.parentElement) && sentence(text)) hits.push(text.slice(0, 160));
              }
              for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
                if (skip(el)) continue;
                for (const a of ['aria-label', 'title', 'placeholder']) {
                  const v = el.getAttribute(a);
                  if (v && sentence(v)) hits.push(a + ': ' + v.slice(0, 160));
                }
              }
              return [...new Set(hits)];
            }
            """);
        Assert.True(found.Length == 0, $"English on the Chinese page {new Uri(page.Url).AbsolutePath}:\n" + string.Join("\n", found));
    }

    /// <summary>The axe-core script that Deque.AxeCore.Playwright bundles (the same rules as its <c>RunAxe</c>).</summary>
    private static readonly Lazy<string> AxeScript = new(() =>
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// Runs axe on the page; fails on any serious or critical violation, naming each with its rule, help and elements.
    /// </summary>
    /// <remarks>
    /// The axe-core of the Deque package runs in the page itself, injected once per page load when it is absent, and
    /// returns only the violations. Deque's <c>RunAxe</c> runs the same rules but also walks every frame (axe's partial
    /// runs, finished in a blank page of its own) and returns the passes, incomplete and inapplicable results too,
    /// which took 3–4 s a call. Our pages have no iframes, so the top document is the whole page.
    /// </remarks>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        if (await page.Locator("html").GetAttributeAsync("lang") == "zh-CN")
        {
            await AssertNoEnglishAsync(page);
        }

        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"))
        {
            await page.EvaluateAsync(AxeScript.Value);
        }

        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await window.axe.run(document, { resultTypes: ['violations'] });
                return result.violations.map(v => ({
                    id: v.id,
                    impact: v.impact ?? '',
                    help: v.help,
                    targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' ')),
                }));
            }
            """);
        var bad = violations.EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", bad.Select(v =>
            $"- {v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} at " +
            string.Join(", ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString())))));
    }

    private static string FindChromium()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("chromium is not on PATH: install Debian's chromium package (.ci/run does).");
    }

    /// <summary>
    /// Renders the first page of a PDF to <c>NAME.png</c> in the screenshot folder with poppler's pdftoppm (headless
    /// Chromium downloads PDFs rather than showing them), so that the paper a person prints can be looked at.
    /// </summary>
    public static async Task RenderPdfAsync(byte[] pdf, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var file = Path.Combine(ScreenshotFolder, name + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var start = new System.Diagnostics.ProcessStartInfo("pdftoppm", ["-r", "110", "-png", "-singlefile", "-f", "1", "-l", "1", file, Path.Combine(ScreenshotFolder, name)])
        {
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException("pdftoppm could not be started: install Debian's poppler-utils (.ci/run does).");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftoppm failed on {file}: {error}");
        Assert.True(new FileInfo(Path.Combine(ScreenshotFolder, name + ".png")).Length > 10_000, "the rendered permit page is (nearly) empty");
    }

    private static string FindScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GoldenQuality.slnx")))
            {
                return Path.Combine(dir.FullName, "artifacts", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
