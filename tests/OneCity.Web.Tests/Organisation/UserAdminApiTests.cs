using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Platform.Organisation;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

public sealed class UserAdminApiTests(Apps apps)
{
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
}
