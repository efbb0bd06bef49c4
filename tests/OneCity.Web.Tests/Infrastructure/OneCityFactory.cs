using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace OneCity.Web.Tests.Infrastructure;

/// <summary>Which real database a test runs against.</summary>
public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The whole platform on a real database: a fresh SQLite file in a temporary folder, or a fresh
/// database on the throw-away PostgreSQL server that test.sh starts (ONECITY_TEST_POSTGRES). Years after the shipped holiday data
/// get a test-only calendar (<see cref="TestCalendarYears"/>), so deadlines work whatever the real date is.
/// </summary>
public sealed class OneCityFactory : WebApplicationFactory<Program>
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "onecity-tests", Guid.NewGuid().ToString("N"));
    private readonly string? postgresDatabase;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly IReadOnlyDictionary<string, string?> settings;

    public OneCityFactory(Db db, bool demo = true, bool kestrel = false, Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        Db = db;
        Demo = demo;
        this.configureServices = configureServices;
        Directory.CreateDirectory(dataDirectory);
        if (db == Db.Postgres)
        {
            // A test that makes its own PostgreSQL app is skipped, with the reason, where no server is configured.
            PostgresServer.RequireOrSkip();
            var admin = PostgresServer.ConnectionString!;
            postgresDatabase = "onecity_t_" + Guid.NewGuid().ToString("N")[..12];
            using var conn = new NpgsqlConnection(admin);
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {postgresDatabase}", conn);
            cmd.ExecuteNonQuery();
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = postgresDatabase }.ConnectionString;
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(dataDirectory, "onecity.db")}";
        }

        if (kestrel)
        {
            UseKestrel(0);
        }

        Kestrel = kestrel;
    }

    public bool Kestrel { get; }

    /// <summary>A client without automatic redirects; over real HTTP when the factory listens on Kestrel.</summary>
    public HttpClient CreateApiClient()
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        if (Kestrel)
        {
            StartServer();
            options.BaseAddress = new Uri(BrowserFixture.BaseUrl(this));
        }

        return CreateClient(options);
    }

    /// <summary>A client signed in with a bearer token from <c>POST /api/auth/login</c>.</summary>
    public async Task<HttpClient> ClientAsAsync(string user, string password = "OneCity-demo-1")
    {
        var client = CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username = user, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    public Db Db { get; }

    public bool Demo { get; }

    public string ConnectionString { get; }

    public string DataDirectory => dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Db.ToString());
        builder.UseSetting("ConnectionStrings:OneCity", ConnectionString);
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Demo:Enabled", Demo ? "true" : "false");
        // Many factories run at once: the embedded MQTT broker stays off unless a test gives it a free port.
        builder.UseSetting("Sensing:Mqtt:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Runs after the platform's own startup (which loads the shipped holiday data), before the app takes requests.
        builder.ConfigureServices(s => s.AddHostedService<TestCalendarYears>());
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(PostgresServer.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The throw-away PostgreSQL server, if test.sh started one.</summary>
public static class PostgresServer
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("ONECITY_TEST_POSTGRES");

    public static void RequireOrSkip()
    {
        if (string.IsNullOrEmpty(ConnectionString))
        {
            Assert.Skip("PostgreSQL not available: set ONECITY_TEST_POSTGRES (./test.sh starts a throw-away server).");
        }
    }
}
