using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Hosting;

/// <summary>Security by default: no API endpoint is reachable without either an authorisation rule or an explicit AllowAnonymous.</summary>
public sealed class EndpointSecurityTests(Apps apps)
{
    private IReadOnlyList<RouteEndpoint> ApiEndpoints() =>
        apps.Get(Db.Sqlite).Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("api/", StringComparison.Ordinal)))
            .ToList();

    [Fact]
    public void EveryApiEndpointDeclaresWhoMayCallIt()
    {
        var undeclared = ApiEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                        && e.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(e => e.DisplayName ?? e.RoutePattern.RawText)
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without an authorisation rule: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task EveryProtectedGetEndpointRefusesAnonymousCallers()
    {
        var client = apps.Client(Db.Sqlite);
        var checkedCount = 0;
        foreach (var e in ApiEndpoints())
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            if (!methods.Contains("GET") || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }

            var path = "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "1",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart sep => sep.Content,
                _ => "",
            }))));
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path} answered {(int)response.StatusCode} to an anonymous caller");
            checkedCount++;
        }

        Assert.True(checkedCount > 10);
    }
}
