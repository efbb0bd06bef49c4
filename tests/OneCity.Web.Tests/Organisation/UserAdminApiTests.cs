using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

public sealed class UserAdminApiTests(Apps apps)
{
    /// <summary>A new account signed in twice: with a bearer token and with a cookie, both working.</summary>
    private async Task<(string Id, string Name, OneCityFactory App, HttpClient Token, HttpClient Cookie)> SignedInTwiceAsync(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db);
        var app = apps.Get(db);
        var token = await apps.ClientAs(db, name, Accounts.Password);
        var cookie = await Accounts.CookieClientAsync(app, name);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/auth/me")).StatusCode);
        return (id, name, app, token, cookie);
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAdministratorCreatesAUserWhoCanSignIn(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db, Roles.DepartmentReviewer, "310101-MZ", "310101002");
        var client = await apps.ClientAs(db, name, Accounts.Password);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("310101-MZ", me.GetProperty("department").GetString());
        Assert.Equal("310101002", me.GetProperty("jurisdiction").GetString());
        Assert.Equal([Roles.DepartmentReviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(id));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task EachBadFieldIsNamed(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var errors = await ErrorsOf(await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "x", displayName = "", role = "mayor", departmentCode = "NO-SUCH", jurisdictionCode = "abc", password = "short",
        }));
        foreach (var field in new[] { "userName", "displayName", "role", "departmentCode", "jurisdictionCode", "password" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} not named in {errors}");
        }

        Assert.Equal("unknown", errors.GetProperty("role")[0].GetString());
        Assert.Equal("unknown", errors.GetProperty("departmentCode")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task TheJurisdictionMustLieInTheDepartmentsArea(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        // 310101-MZ serves Huangpu (310101); Xuhui (310104) is outside it.
        var errors = await ErrorsOf(await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("j"), displayName = "越界", role = Roles.CounterClerk, departmentCode = "310101-MZ", jurisdictionCode = "310104", password = Accounts.Password,
        }));
        Assert.Equal(["jurisdictionCode"], errors.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ADuplicateUserNameIsNamed(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var errors = await ErrorsOf(await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "clerk", displayName = "重名", role = Roles.CounterClerk, departmentCode = "310101-MZ", jurisdictionCode = "310101", password = Accounts.Password,
        }));
        Assert.Equal("taken", errors.GetProperty("userName")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ACitizenIsForbidden(Db db)
    {
        var citizen = await apps.ClientAs(db, "citizen");
        var list = await citizen.GetAsync("/api/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        var create = await citizen.PostAsJsonAsync("/api/admin/users", new { userName = "nope" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnonymousCallersGet401(Db db)
    {
        var response = await apps.Client(db).GetAsync("/api/admin/users");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ADepartmentAdministratorManagesOnlyTheirOwnDepartment(Db db)
    {
        // deptadmin belongs to SH-MZ (city civil affairs).
        var deptadmin = await apps.ClientAs(db, "deptadmin");
        var own = await deptadmin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("mz"), displayName = "民政 新人", role = Roles.CounterClerk, departmentCode = "SH-MZ", jurisdictionCode = "310101", password = Accounts.Password,
        });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        var other = await deptadmin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("ga"), displayName = "公安 新人", role = Roles.CounterClerk, departmentCode = "SH-GA", jurisdictionCode = "310000", password = Accounts.Password,
        });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        var admin = await deptadmin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("sa"), displayName = "越权", role = Roles.SystemAdministrator, departmentCode = "SH-MZ", jurisdictionCode = "310000", password = Accounts.Password,
        });
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.GetAsync("/api/admin/users?department=SH-DSJ")).StatusCode);
        var list = await deptadmin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        Assert.All(list.GetProperty("items").EnumerateArray(), u => Assert.Equal("SH-MZ", u.GetProperty("departmentCode").GetString()));

        var (clerkId, _) = await Accounts.CreateAsync(apps, db, Roles.CounterClerk, "310101-MZ", "310101");
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{clerkId}/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{clerkId}/roles", new { roles = new[] { Roles.Auditor } })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ListingFiltersAndPages(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        var dispatchers = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users?role=dispatcher");
        Assert.Contains("dispatcher", dispatchers.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
        Assert.All(dispatchers.GetProperty("items").EnumerateArray(), u => Assert.Contains(Roles.Dispatcher, u.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));

        var huangpu = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users?jurisdiction=310101");
        Assert.All(huangpu.GetProperty("items").EnumerateArray(), u => Assert.StartsWith("310101", u.GetProperty("jurisdictionCode").GetString(), StringComparison.Ordinal));
        Assert.Contains("clerk", huangpu.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));

        var dsj = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users?department=SH-DSJ");
        Assert.Contains("auditor", dsj.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users?pageSize=2&page=2");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 11);

        var bad = await ErrorsOf(await admin.GetAsync("/api/admin/users?role=mayor&pageSize=0"));
        Assert.True(bad.TryGetProperty("role", out _));
        Assert.True(bad.TryGetProperty("pageSize", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LockingStopsSignInAndUnlockingRestoresIt(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db);
        var admin = await apps.ClientAs(db, "admin");
        var locked = await admin.PostAsync($"/api/admin/users/{id}/lock", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lockedOut").GetBoolean());
        var refused = await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password });
        Assert.Equal((HttpStatusCode)423, refused.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{id}/unlock", null)).StatusCode);
        await apps.ClientAs(db, name, Accounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/users/no-such-id/lock", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task RolesAreReplacedAndValidated(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db);
        var admin = await apps.ClientAs(db, "admin");
        var changed = await admin.PostAsJsonAsync($"/api/admin/users/{id}/roles", new { roles = new[] { Roles.DepartmentReviewer, Roles.DataSteward } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var me = await (await apps.ClientAs(db, name, Accounts.Password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal([Roles.DataSteward, Roles.DepartmentReviewer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());

        var unknown = await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/roles", new { roles = new[] { "mayor" } }));
        Assert.True(unknown.TryGetProperty("roles", out _));
        var mixed = await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/roles", new { roles = new[] { Roles.Citizen, Roles.Auditor } }));
        Assert.True(mixed.TryGetProperty("roles", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task FiveWrongPasswordsLockTheAccount(Db db)
    {
        var (_, name) = await Accounts.CreateAsync(apps, db);
        var client = apps.Client(db);
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "Wrong-Passw0rd!" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var fifth = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "Wrong-Passw0rd!" });
        Assert.Equal((HttpStatusCode)423, fifth.StatusCode);
        var right = await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password });
        Assert.Equal((HttpStatusCode)423, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AJurisdictionMustBeAnAreaOrUnitGridThatExists(Db db)
    {
        var admin = await apps.ClientAs(db, "admin");
        foreach (var code in new[] { "310199", "310101002001-9999" })
        {
            var errors = await ErrorsOf(await admin.PostAsJsonAsync("/api/admin/users", new
            {
                userName = Accounts.NewName("na"), displayName = "无此区", role = Roles.CounterClerk, departmentCode = "310101-MZ", jurisdictionCode = code, password = Accounts.Password,
            }));
            Assert.Equal(["jurisdictionCode"], errors.EnumerateObject().Select(p => p.Name));
            Assert.Equal("unknown-area", errors.GetProperty("jurisdictionCode")[0].GetString());
        }

        // A real unit grid is a jurisdiction like any area.
        var grid = Accounts.GridIn(apps.Get(db), "310101");
        var (_, name) = await Accounts.CreateAsync(apps, db, Roles.GridInspector, "310101-MZ", grid, prefix: "gi");
        var me = await (await apps.ClientAs(db, name, Accounts.Password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(grid, me.GetProperty("jurisdiction").GetString());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAccountMovesToAnotherDepartmentAndJurisdiction(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db);
        var before = await apps.ClientAs(db, name, Accounts.Password);
        var admin = await apps.ClientAs(db, "admin");
        var grid = Accounts.GridIn(apps.Get(db), "310104");
        var moved = await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { departmentCode = "310104-MZ", jurisdictionCode = grid });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("310104-MZ", body.GetProperty("departmentCode").GetString());
        Assert.Equal(grid, body.GetProperty("jurisdictionCode").GetString());

        // The token issued before carries the old jurisdiction: it stops working; a new sign-in has the new one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/auth/me")).StatusCode);
        var me = await (await apps.ClientAs(db, name, Accounts.Password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("310104-MZ", me.GetProperty("department").GetString());
        Assert.Equal(grid, me.GetProperty("jurisdiction").GetString());

        // An empty field keeps its value.
        var widened = await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { jurisdictionCode = "310104" });
        Assert.Equal("310104-MZ", (await widened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("departmentCode").GetString());

        var entries = await (await apps.ClientAs(db, "auditor")).GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=user.assignment-changed&objectId={id}");
        Assert.Equal(2, entries.GetProperty("items").GetArrayLength());

        Assert.Equal("unknown-area", (await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { jurisdictionCode = "310199" })))
            .GetProperty("jurisdictionCode")[0].GetString());
        Assert.Equal("unknown", (await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { departmentCode = "NO-SUCH" })))
            .GetProperty("departmentCode")[0].GetString());
        // Huangpu lies outside Xuhui civil affairs' area.
        Assert.Equal(["jurisdictionCode"], (await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { jurisdictionCode = "310101" })))
            .EnumerateObject().Select(p => p.Name));
        var neither = await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { }));
        Assert.True(neither.TryGetProperty("departmentCode", out _) && neither.TryGetProperty("jurisdictionCode", out _));

        var (citizenId, _) = await Accounts.CreateAsync(apps, db, Roles.Citizen, null, AreaCodes.City, prefix: "cz");
        Assert.True((await ErrorsOf(await admin.PostAsJsonAsync($"/api/admin/users/{citizenId}/assignment", new { departmentCode = "310104-MZ" })))
            .TryGetProperty("departmentCode", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/users/no-such-id/assignment", new { jurisdictionCode = "310104" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ADepartmentAdministratorGrantsOnlyWithinTheirJurisdiction(Db db)
    {
        // A Huangpu civil-affairs administrator whose own jurisdiction is one subdistrict.
        var (_, adminName) = await Accounts.CreateAsync(apps, db, Roles.DepartmentAdministrator, "310101-MZ", "310101002", prefix: "da");
        var deptadmin = await apps.ClientAs(db, adminName, Accounts.Password);
        var wide = await deptadmin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("w"), displayName = "越界", role = Roles.CounterClerk, departmentCode = "310101-MZ", jurisdictionCode = "310101", password = Accounts.Password,
        });
        Assert.Equal(HttpStatusCode.Forbidden, wide.StatusCode);
        var grid = Accounts.GridIn(apps.Get(db), "310101002");
        var within = await deptadmin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = Accounts.NewName("w"), displayName = "网格内", role = Roles.GridInspector, departmentCode = "310101-MZ", jurisdictionCode = grid, password = Accounts.Password,
        });
        Assert.Equal(HttpStatusCode.Created, within.StatusCode);
        var id = (await within.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { jurisdictionCode = "310101" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { departmentCode = "310104-MZ", jurisdictionCode = "310104" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{id}/assignment", new { jurisdictionCode = "310101002" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{id}/roles", new { roles = new[] { Roles.SystemAdministrator } })).StatusCode);

        // Another department's account is out of reach for every action.
        var (otherId, _) = await Accounts.CreateAsync(apps, db, Roles.CounterClerk, "310101-ZJ", "310101002", prefix: "zj");
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{otherId}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{otherId}/reset-authenticator", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsJsonAsync($"/api/admin/users/{otherId}/assignment", new { jurisdictionCode = "310101002" })).StatusCode);

        // So is an account of their own department whose jurisdiction reaches beyond theirs (the district-wide colleague):
        // no taking it over through a password reset.
        var (wideId, wideName) = await Accounts.CreateAsync(apps, db, Roles.DepartmentAdministrator, "310101-MZ", "310101", prefix: "dw");
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{wideId}/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{wideId}/reset-authenticator", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deptadmin.PostAsync($"/api/admin/users/{wideId}/lock", null)).StatusCode);
        Assert.NotNull(await apps.ClientAs(db, wideName, Accounts.Password));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task APasswordResetGivesAOneTimePasswordAndEndsSessions(Db db)
    {
        var (id, name, app, token, cookie) = await SignedInTwiceAsync(db);

        var admin = await apps.ClientAs(db, "admin");
        var reset = await admin.PostAsync($"/api/admin/users/{id}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True(reset.Headers.CacheControl?.NoStore);
        var password = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.True(password.Length >= 16);

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password })).StatusCode);
        var me = await (await apps.ClientAs(db, name, password)).GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(name, me.GetProperty("userName").GetString());

        // The ledger records the reset, never the password.
        var entries = await (await apps.ClientAs(db, "auditor")).GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=user.password-reset&objectId={id}");
        var entry = Assert.Single(entries.GetProperty("items").EnumerateArray());
        Assert.Equal("admin", entry.GetProperty("actor").GetString());
        Assert.DoesNotContain(password, entry.ToString(), StringComparison.Ordinal);

        // One's own password is changed on the security page.
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/users?department=SH-DSJ&role=system-administrator"))
            .GetProperty("items").EnumerateArray().First(u => u.GetProperty("userName").GetString() == "admin").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/users/{adminId}/reset-password", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task AnAuthenticatorResetTurnsTwoFactorOffSoTheAccountEnrolsAgain(Db db)
    {
        var (id, name) = await Accounts.CreateAsync(apps, db);
        var app = apps.Get(db);
        var key = await Accounts.EnableTwoFactorAsync(app, name);
        var needsCode = await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = name, password = Accounts.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, needsCode.StatusCode);
        var token = await apps.ClientAs(db, "admin");

        var reset = await token.PostAsync($"/api/admin/users/{id}/reset-authenticator", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.False((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twoFactorEnabled").GetBoolean());

        // The password alone signs in again, and the old authenticator key is gone.
        await apps.ClientAs(db, name, Accounts.Password);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        Assert.NotEqual(key, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(id))!));

        var entries = await (await apps.ClientAs(db, "auditor")).GetFromJsonAsync<JsonElement>($"/api/audit/entries?action=user.authenticator-reset&objectId={id}");
        Assert.Single(entries.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LockingEndsTheAccountsTokenAndCookieSessionsAtOnce(Db db)
    {
        var (id, name, app, token, cookie) = await SignedInTwiceAsync(db);

        var admin = await apps.ClientAs(db, "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{id}/lock", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/auth/me")).StatusCode);
        var signedOut = await cookie.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        // The cookie itself is cleared, and the workbench sends the browser to the login page.
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("onecity.auth=;", StringComparison.Ordinal));
        var page = await cookie.GetAsync("/workbench");
        Assert.Contains("/account/login", (page.Headers.Location ?? page.RequestMessage!.RequestUri)!.ToString(), StringComparison.Ordinal);

        // Unchanged accounts are not read from the database on every request.
        var stamps = app.Services.GetRequiredService<SessionStamps>();
        var (otherId, otherName) = await Accounts.CreateAsync(apps, db);
        var other = await apps.ClientAs(db, otherName, Accounts.Password);
        await other.GetAsync("/api/auth/me");
        var loads = stamps.LoadsOf(otherId);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/auth/me")).StatusCode);
        }

        // At most one more read: a change to any account while the stamp was being read leaves it uncached once.
        Assert.InRange(stamps.LoadsOf(otherId) - loads, 0, 1);
    }
}
