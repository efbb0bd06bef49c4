using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(OneCity.Web.Tests.Infrastructure.BrowserFixture))]

namespace OneCity.Web.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright; browser tests skip when it is not installed.</summary>
public sealed class BrowserFixture : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;
    private IBrowser? browser;
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IBrowser> GetAsync()
    {
        var path = Environment.GetEnvironmentVariable("ONECITY_CHROMIUM") ?? ChromiumPath;
        if (!File.Exists(path))
        {
            Assert.Skip($"Chromium not installed at {path} (./test.sh installs Debian's chromium).");
        }

        await gate.WaitAsync();
        try
        {
            if (browser is null)
            {
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                });
            }

            return browser;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A fresh browser context (own cookies) pointed at the shared SQLite app.</summary>
    public Task<IPage> NewPageAsync(Apps apps) => NewPageAsync(apps.Browser);

    /// <summary>A fresh browser context pointed at a test's own app (started with <c>kestrel: true</c>).</summary>
    public async Task<IPage> NewPageAsync(OneCityFactory app)
    {
        var b = await GetAsync();
        var context = await b.NewContextAsync(new() { BaseURL = BaseUrl(app), Locale = "zh-CN" });
        // Generous: the full suite runs the browser, two databases and every test class on two cores at once.
        context.SetDefaultTimeout(30000);
        return await context.NewPageAsync();
    }

    public static string BaseUrl(OneCityFactory factory)
    {
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
    }

    public static async Task LoginAsync(IPage page, string user, string password = "OneCity-demo-1")
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await ClickToNextPageAsync(page, page.Locator("#login-submit"));
    }

    /// <summary>
    /// Clicks something that submits a form or follows a link, and returns once the browser shows the next document
    /// (parsed). The current document is marked first, so this never mistakes the old page for the new one, and it
    /// does not rely on load-state events, which a waiter can miss when they arrive while it subscribes.
    /// </summary>
    public static async Task ClickToNextPageAsync(IPage page, ILocator target)
    {
        await page.EvaluateAsync("() => { document.documentElement.dataset.leaving = '1'; }");
        await target.ClickAsync();
        await page.Locator("html:not([data-leaving]) body").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("() => !document.documentElement.dataset.leaving && document.readyState !== 'loading'");
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
