using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Hosting;

public sealed class HostingTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task HealthEndpointsAnswer(Db db)
    {
        var client = apps.Client(db);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EveryModelChangeHasAMigration(Db db)
    {
        var app = apps.Get(db);
        using var scope = app.Services.CreateScope();
        DbContext[] contexts = [scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), scope.ServiceProvider.GetRequiredService<OneCity.DataHub.Data.DataHubDbContext>(), scope.ServiceProvider.GetRequiredService<OneCity.GovServices.Data.GovServicesDbContext>(), scope.ServiceProvider.GetRequiredService<OneCity.CityOps.Data.CityOpsDbContext>(), scope.ServiceProvider.GetRequiredService<OneCity.Sensing.Data.SensingDbContext>()];
        foreach (var context in contexts)
        {
            Assert.False(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} has model changes without a {db} migration: run tools/add-migration.sh.");
            Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task OpenApiDocumentListsTheApi()
    {
        var doc = await apps.Client(Db.Sqlite).GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/auth/login", out _));
    }

    [Fact]
    public async Task UnknownApiRouteIsAProblem404()
    {
        var response = await apps.Client(Db.Sqlite).GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RestartingDoesNotLoadTheDemoTwice()
    {
        await using var first = new OneCityFactory(Db.Sqlite);
        first.StartServer();
        int count;
        using (var scope = first.Services.CreateScope())
        {
            count = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.CountAsync(TestContext.Current.CancellationToken);
        }

        // A second host on the same database file behaves like a restart.
        var sameDb = new OneCityFactoryOn(first.ConnectionString, first.DataDirectory);
        await using (sameDb)
        {
            sameDb.StartServer();
            using var scope = sameDb.Services.CreateScope();
            Assert.Equal(count, await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.CountAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task NoDemoStartsAnEmptyCityWithOnlyAnAdministrator()
    {
        await using var app = new OneCityFactory(Db.Sqlite, demo: false);
        app.StartServer();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var users = await db.Users.Select(u => u.UserName).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["admin"], users);
    }
}

/// <summary>A host on an existing SQLite database, to simulate a restart.</summary>
internal sealed class OneCityFactoryOn(string connectionString, string dataDirectory) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:OneCity", connectionString);
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
    }
}
