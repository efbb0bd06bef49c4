using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace OneCity.Web.Hosting;

/// <summary>The OpenAPI document: title, the bearer scheme API clients use, and which operations need it.</summary>
internal static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddOneCityOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "OneCity API",
                Version = "v1",
                Description = "一网通办 GovServices · 一网统管 CityOps · DataHub. Sign in with POST /api/auth/login and send "
                    + "`Authorization: Bearer <accessToken>`. Errors are RFC 9457 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "opaque (ASP.NET Core Identity bearer token)",
                Description = "The accessToken from POST /api/auth/login; it expires after expiresIn seconds.",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                });
            }

            return Task.CompletedTask;
        });
    });
}
