using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Shell;

public sealed partial class ErrorsAndApiDocsTests(Apps apps)
{
    private const string Secret = "secret-detail-7f3a";

    [Fact]
    public async Task ApiErrorsAreProblemJsonWhateverTheAcceptHeader()
    {
        var client = apps.Client(Db.Sqlite);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task AWrongMethodIsAProblem405()
    {
        // GET exists for the calendar years; DELETE does not.
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/calendar/years");
        var response = await apps.Client(Db.Sqlite).SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(405, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ABrowserGetsAnHtml404()
    {
        var response = await apps.Client(Db.Sqlite).GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"error-title\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A500NeverLeaksDetailsAndIsLoggedWithoutPersonalData()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OneCityFactory(Db.Sqlite, demo: false, configureServices: s =>
        {
            s.AddScoped<SignInManager<PlatformUser>, ThrowingSignInManager>();
            s.AddSingleton<ILoggerProvider>(logs);
        });
        var api = app.CreateClient(new() { AllowAutoRedirect = false });

        var apiResponse = await api.PostAsJsonAsync("/api/auth/login", new { username = "someone-private", password = "Whatever-1!" });
        Assert.Equal(HttpStatusCode.InternalServerError, apiResponse.StatusCode);
        Assert.Equal("application/problem+json", apiResponse.Content.Headers.ContentType?.MediaType);
        var body = await apiResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("ThrowingSignInManager", body, StringComparison.Ordinal);

        // The sign-in page: the same failure becomes a friendly page.
        var form = await (await api.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(form).Groups[1].Value;
        var pageResponse = await api.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = "someone-private", ["Password"] = "Whatever-1!", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.InternalServerError, pageResponse.StatusCode);
        var html = await pageResponse.Content.ReadAsStringAsync();
        Assert.Contains("系统出了点问题", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);

        var requests = logs.Entries.Where(e => e.Category == "OneCity.Requests").ToList();
        var failed = requests.First(e => e.State.GetValueOrDefault("Route") as string == "/api/auth/login");
        Assert.Equal(500, failed.State["StatusCode"]);
        Assert.IsType<double>(failed.State["ElapsedMs"]);
        Assert.All(requests, e => Assert.DoesNotContain("someone-private", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointAndTheBearerScheme()
    {
        var doc = await apps.Client(Db.Sqlite).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var missing = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var hasSummary = op.Value.TryGetProperty("summary", out var s) && !string.IsNullOrWhiteSpace(s.GetString());
                var hasTags = op.Value.TryGetProperty("tags", out var t) && t.GetArrayLength() > 0;
                if (!hasSummary || !hasTags)
                {
                    missing.Add($"{op.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Operations without summary or tags: " + string.Join(", ", missing));
        var list = doc.GetProperty("paths").GetProperty("/api/admin/users").GetProperty("get");
        Assert.True(list.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.False(doc.GetProperty("paths").GetProperty("/api/auth/login").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task TheApiReferenceIsServed()
    {
        var response = await apps.Client(Db.Sqlite).GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OneCity API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class ThrowingSignInManager(
        UserManager<PlatformUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<PlatformUser> claims,
        IOptions<IdentityOptions> options, ILogger<SignInManager<PlatformUser>> logger, IAuthenticationSchemeProvider schemes,
        IUserConfirmation<PlatformUser> confirmation)
        : SignInManager<PlatformUser>(users, http, claims, options, logger, schemes, confirmation)
    {
        public override Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
            throw new InvalidOperationException(Secret);
    }
}

/// <summary>Keeps every log event with its structured state, for assertions about what is (not) logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), values.ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
    }
}
