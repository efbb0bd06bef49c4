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
        var ct = TestContext.Current.CancellationToken;
        await using var first = new OneCityFactory(Db.Sqlite);
        first.StartServer();
        int[] before;
        using (var scope = first.Services.CreateScope())
        {
            before = await CountsAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ct);
        }

        Assert.All(before, n => Assert.True(n > 0));

        // A second host on the same database file behaves like a restart: no row of the demo city is added again
        // (users are kept unique by Identity; areas, grids, departments, residents, entities, properties and licences
        // are not unique by anything but the loader's check).
        var sameDb = new OneCityFactoryOn(first.ConnectionString, first.DataDirectory);
        await using (sameDb)
        {
            sameDb.StartServer();
            using var scope = sameDb.Services.CreateScope();
            Assert.Equal(before, await CountsAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ct));
        }
    }

    private static async Task<int[]> CountsAsync(PlatformDbContext db, CancellationToken ct) =>
    [
        await db.Users.CountAsync(ct),
        await db.Set<OneCity.Platform.Organisation.Department>().CountAsync(ct),
        await db.Set<OneCity.Platform.Geography.GeoArea>().CountAsync(ct),
        await db.Set<OneCity.Platform.Geography.GeoGrid>().CountAsync(ct),
        await db.Set<OneCity.Platform.Registries.Population.Person>().CountAsync(ct),
        await db.Set<OneCity.Platform.Registries.LegalEntities.LegalEntity>().CountAsync(ct),
        await db.Set<OneCity.Platform.Registries.Properties.Property>().CountAsync(ct),
        await db.Set<OneCity.Platform.Registries.ELicences.ELicence>().CountAsync(ct),
    ];

    [Fact]
    public async Task NoDemoStartsAnEmptyCityWithOnlyAnAdministrator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OneCityFactory(Db.Sqlite, demo: false);
        app.StartServer();
        string adminPassword;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.Equal(["admin"], await db.Users.Select(u => u.UserName).ToListAsync(ct));
            // No people, no records: the registries are empty.
            Assert.Equal(0, await db.Set<OneCity.Platform.Registries.Population.Person>().CountAsync(ct));
            Assert.Equal(0, await db.Set<OneCity.Platform.Registries.ELicences.ELicence>().CountAsync(ct));
            // The city itself is there: its districts, subdistricts and departments.
            Assert.Equal(16, await db.Set<OneCity.Platform.Geography.GeoArea>().CountAsync(a => a.Level == OneCity.Platform.Organisation.AreaLevel.District, ct));
            Assert.True(await db.Set<OneCity.Platform.Organisation.Department>().AnyAsync(d => d.Code == "310101-MZ", ct));

            // The generated password is printed once; the test sets its own through Identity instead.
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OneCity.Platform.Organisation.PlatformUser>>();
            var admin = (await users.FindByNameAsync("admin"))!;
            adminPassword = OneCity.Web.Tests.Organisation.Accounts.Password;
            Assert.True((await users.ResetPasswordAsync(admin, await users.GeneratePasswordResetTokenAsync(admin), adminPassword)).Succeeded);
        }

        // So the administrator can staff the city: an account in a real department with a real jurisdiction.
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = adminPassword }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var created = await client.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "mz-clerk", displayName = "窗口 黄浦民政", role = "counter-clerk", departmentCode = "310101-MZ", jurisdictionCode = "310101", password = OneCity.Web.Tests.Organisation.Accounts.Password,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
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
