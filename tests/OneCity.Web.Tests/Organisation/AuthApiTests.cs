using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Organisation;

public sealed class AuthApiTests(Apps apps)
{
    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LoginReturnsABearerTokenThatAuthenticatesApiCalls(Db db)
    {
        var client = await apps.ClientAs(db, "dispatcher");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("dispatcher", me.GetProperty("userName").GetString());
        Assert.Equal("OperationsCentre", me.GetProperty("entrance").GetString());
        Assert.Contains("dispatcher", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task LoginResponseHasAccessTokenAndExpiry(Db db)
    {
        var response = await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = "auditor", password = "OneCity-demo-1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task WrongPasswordIsRefusedWith401(Db db)
    {
        // A fresh account: a failed attempt on a shared demo account would make its next concurrent
        // successful sign-ins race on resetting the failure count (Identity then refuses one of them).
        var (_, name) = await Accounts.CreateAsync(apps, db);
        var response = await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = name, password = "nope-Nope-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task MissingFieldsAreNamedInTheProblem(Db db)
    {
        var response = await apps.Client(db).PostAsJsonAsync("/api/auth/login", new { username = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task MalformedJsonIsA400NotA500(Db db)
    {
        var response = await apps.Client(db).PostAsync("/api/auth/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Apps.Databases), MemberType = typeof(Apps))]
    public async Task ApiWithoutCredentialsGets401NotARedirect(Db db)
    {
        var response = await apps.Client(db).GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
