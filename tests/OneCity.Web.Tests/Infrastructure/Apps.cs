
[assembly: AssemblyFixture(typeof(OneCity.Web.Tests.Infrastructure.Apps))]

namespace OneCity.Web.Tests.Infrastructure;

/// <summary>
/// One running demo platform per database, shared by every test in the run (loading the demo city is
/// the slow part). Tests that must own their state build their own <see cref="OneCityFactory"/>.
/// </summary>
public sealed class Apps : IAsyncDisposable
{
    private readonly Lazy<OneCityFactory> sqlite = new(() => Start(new OneCityFactory(Db.Sqlite, kestrel: true)));
    private readonly Lazy<OneCityFactory> postgres = new(() => Start(new OneCityFactory(Db.Postgres)));

    public static TheoryData<Db> Databases => [Db.Sqlite, Db.Postgres];

    /// <summary>The shared app on that database; skips the test when PostgreSQL is not available.</summary>
    public OneCityFactory Get(Db db)
    {
        if (db == Db.Postgres)
        {
            PostgresServer.RequireOrSkip();
            return postgres.Value;
        }

        return sqlite.Value;
    }

    /// <summary>The SQLite app, listening on a real loopback port for the browser.</summary>
    public OneCityFactory Browser => sqlite.Value;

    public HttpClient Client(Db db) => Get(db).CreateApiClient();

    /// <summary>A client signed in with a bearer token from <c>POST /api/auth/login</c>.</summary>
    public Task<HttpClient> ClientAs(Db db, string user, string password = "OneCity-demo-1") => Get(db).ClientAsAsync(user, password);

    public async ValueTask DisposeAsync()
    {
        if (sqlite.IsValueCreated)
        {
            await sqlite.Value.DisposeAsync();
        }

        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }
    }

    private static OneCityFactory Start(OneCityFactory factory)
    {
        factory.StartServer();
        return factory;
    }
}
