using GoldenQuality.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GoldenQuality.BrowserTests;

/// <summary>The code look-ups of the declaration form, and its field messages in the interface's language (issue 19).</summary>
[Collection("browser")]
public sealed class CodeLookupPagesTests(BrowserFixture web)
{
    private static async Task<IPage> DeclarationFormAsync(BrowserFixture web, string culture)
    {
        var page = await web.NewPageAsync(culture);
        await BrowserFixture.SignInAsync(page, "exporter.hangzhou", "demo-exporter-2026");
        await page.GotoAsync("/declarations/new");
        return page;
    }

    /// <summary>Types into a look-up field as a person would and waits for the suggestions.</summary>
    private static async Task<ILocator> SuggestAsync(IPage page, string field, string text)
    {
        var input = page.Locator("#" + field);
        await input.FillAsync("");
        await input.PressSequentiallyAsync(text, new() { Delay = 20 });
        var options = page.Locator($"#{field}-options [role=option]");
        await Expect(page.Locator($"#{field}-options")).ToBeVisibleAsync();
        await Expect(input).ToHaveAttributeAsync("aria-expanded", "true");
        return options;
    }

    [Fact]
    public async Task Green_tea_and_frozen_shrimps_are_found_by_name_and_China_by_its_Chinese_name()
    {
        var page = await DeclarationFormAsync(web, "zh-CN");

        // Green tea, by words of its description; chosen with the keyboard.
        var tea = await SuggestAsync(page, "lines-0-hsCode", "green tea");
        await Expect(tea.First).ToContainTextAsync("090210");
        await Expect(tea.First).ToContainTextAsync("Tea, green");
        await Expect(tea.First).ToContainTextAsync("HS 子目");
        await Expect(tea.First.Locator(".lookup-name")).ToHaveAttributeAsync("lang", "en");
        await Expect(tea.And(page.Locator("[data-code='0902101000']"))).ToContainTextAsync("示例代码，非官方");
        await Expect(page.Locator("#lines-0-hsCode-status")).ToContainTextAsync("找到");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-lookup-green-tea", "zh-CN");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#lines-0-hsCode")).ToHaveAttributeAsync("aria-activedescendant", "lines-0-hsCode-options-0");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#lines-0-hsCode")).ToHaveValueAsync("090210");
        await Expect(page.Locator("#lines-0-hsCode-options")).ToBeHiddenAsync();
        Assert.EndsWith("/declarations/new", page.Url, StringComparison.Ordinal);

        // Frozen shrimps: both subheadings of 0306.1 are offered; chosen with the mouse.
        var shrimp = await SuggestAsync(page, "lines-0-hsCode", "frozen shrimp");
        await Expect(shrimp.And(page.Locator("[data-code='030616']"))).ToHaveCountAsync(1);
        await shrimp.And(page.Locator("[data-code='030617']")).ClickAsync();
        await Expect(page.Locator("#lines-0-hsCode")).ToHaveValueAsync("030617");

        // China by its official Chinese name, shown in Chinese.
        var china = await SuggestAsync(page, "country", "中国");
        await Expect(china.First).ToContainTextAsync("CN");
        await Expect(china.First.Locator(".lookup-name")).ToHaveTextAsync("中国");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "19-lookup-country", "zh-CN");
        await china.First.ClickAsync();
        await Expect(page.Locator("#country")).ToHaveValueAsync("CN");

        // A query nothing matches says so, in Chinese.
        await page.Locator("#lines-0-currency").PressSequentiallyAsync("zzzz", new() { Delay = 20 });
        await Expect(page.Locator("#lines-0-currency-status")).ToHaveTextAsync("没有与“zzzz”匹配的代码。请换个词或直接输入代码。");
        await page.Context.CloseAsync();

        // In English the same look-ups speak English.
        var english = await DeclarationFormAsync(web, "en");
        var port = await SuggestAsync(english, "portOfExit", "ningbo");
        await Expect(port.First).ToContainTextAsync("CNNGB");
        await Expect(port.First).ToContainTextAsync("Ningbo");
        await Expect(port.First).ToContainTextAsync("seaport");
        var currency = await SuggestAsync(english, "lines-0-currency", "renminbi");
        await Expect(currency.First).ToContainTextAsync("CNY");
        await BrowserFixture.AssertAccessibleAsync(english);
        await BrowserFixture.ScreenshotAsync(english, "19-lookup-currency", "en");
        await english.Context.CloseAsync();
    }

    [Fact]
    public async Task A_declaration_with_a_bad_code_shows_the_reason_next_to_the_field_in_the_interface_language()
    {
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var page = await DeclarationFormAsync(web, culture);
            await page.Locator("#transportMode").FillAsync("1");
            await page.Locator("#portOfExit").FillAsync("CNNGB");
            await page.Locator("#country").FillAsync("DE");
            await page.Locator("#lines-0-hsCode").FillAsync("0902990000");
            await page.Locator("#lines-0-description").FillAsync("Green tea / 绿茶");
            await page.Locator("#lines-0-quantity").FillAsync("0");
            await page.Locator("#lines-0-unit").FillAsync("KGM");
            await page.Locator("#lines-0-value").FillAsync("100");
            await page.Locator("#lines-0-currency").FillAsync("USD");
            await page.Locator("button[value=draft]").ClickAsync();

            var hsError = page.Locator("#lines-0-hsCode-error");
            var quantityError = page.Locator("#lines-0-quantity-error");
            if (culture == "zh-CN")
            {
                await Expect(page.Locator("#error-summary p")).ToHaveTextAsync("申报单未保存，请更正：");
                await Expect(hsError).ToHaveTextAsync("“0902990000”不是中国海关税则（cn-tariff:2022）中的代码：前六位 090299 不是 HS 2022 子目");
                await Expect(quantityError).ToHaveTextAsync("须大于 0，不能为 0");
            }
            else
            {
                await Expect(page.Locator("#error-summary p")).ToHaveTextAsync("The declaration was not saved. Please correct:");
                await Expect(hsError).ToHaveTextAsync("'0902990000' is not a code of cn-tariff:2022 (China's customs tariff): its first six digits, 090299, are not an HS 2022 subheading");
                await Expect(quantityError).ToHaveTextAsync("must be greater than 0, not 0");
            }

            // The form keeps what was typed, and the field is marked and described by its message.
            await Expect(page.Locator("#lines-0-hsCode")).ToHaveValueAsync("0902990000");
            await Expect(page.Locator("#lines-0-description")).ToHaveValueAsync("Green tea / 绿茶");
            await Expect(page.Locator("#lines-0-hsCode")).ToHaveAttributeAsync("aria-invalid", "true");
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "19-declaration-bad-code", culture);
            await page.Context.CloseAsync();
        }
    }
}
