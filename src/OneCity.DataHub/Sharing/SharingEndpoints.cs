using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OneCity.DataHub.Sharing;

internal sealed record ShareableField(string Name, string TitleZh, string TitleEn, string Type, string PersonalClass);

internal sealed record ShareableDataset(string Code, string TitleZh, string TitleEn, string OwnerDepartment, string SharingType, string KeyField, IReadOnlyList<ShareableField> Fields);

internal sealed record ClientInput(string? DepartmentCode, string? DisplayName);

internal sealed record ClientView(string ClientId, string DepartmentCode, string DisplayName, bool Disabled, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The client secret is shown once, in this answer.</summary>
internal sealed record ClientCreated(string ClientId, string ClientSecret, string DepartmentCode, string DisplayName, string TokenEndpoint, string Scope);

/// <summary>The sharing API (requests, grants, clients) for department staff, and the data API for department systems.</summary>
internal static class SharingEndpoints
{
    public static readonly string[] ClientAdministrators = [Roles.SystemAdministrator, Roles.DataSteward];

    public static void MapSharingEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/datahub/sharing").WithTags("DataHub sharing");
        g.MapGet("/datasets", Datasets).RequireAuthorization(p => p.RequireRole(SharingService.Readers))
            .WithSummary("Datasets that can be requested (conditional or unconditional sharing), with their fields.");
        g.MapPost("/requests", Request).RequireAuthorization(p => p.RequireRole(SharingService.Requesters))
            .WithSummary("Ask for a dataset: fields, purpose, legal basis, period (unconditional datasets are granted at once).");
        g.MapGet("/requests", ListRequests).RequireAuthorization(p => p.RequireRole(SharingService.Readers))
            .WithSummary("Requests of my department (role=mine) or for my department's datasets (role=incoming).");
        g.MapPost("/requests/{id:long}/approve", Approve).RequireAuthorization(p => p.RequireRole(SharingService.Deciders))
            .WithSummary("Approve a pending request, optionally narrowing fields, clear fields and period.");
        g.MapPost("/requests/{id:long}/deny", Deny).RequireAuthorization(p => p.RequireRole(SharingService.Deciders))
            .WithSummary("Deny a pending request with a reason.");
        g.MapPost("/requests/{id:long}/withdraw", Withdraw).RequireAuthorization(p => p.RequireRole(SharingService.Requesters))
            .WithSummary("Withdraw my department's pending request.");
        g.MapGet("/grants", ListGrants).RequireAuthorization(p => p.RequireRole(SharingService.Readers))
            .WithSummary("Grants held by or given by my department.");
        g.MapPost("/grants/{id:long}/revoke", Revoke).RequireAuthorization(p => p.RequireRole(SharingService.Revokers))
            .WithSummary("Revoke a grant with a reason; it stops working at once.");

        var c = app.MapGroup("/api/datahub/clients").WithTags("DataHub sharing");
        c.MapPost("", RegisterClient).RequireAuthorization(p => p.RequireRole(ClientAdministrators))
            .WithSummary("Register a data API client for a department; the secret is shown once.");
        c.MapGet("", ListClients).RequireAuthorization(p => p.RequireRole([.. ClientAdministrators, Roles.Auditor]))
            .WithSummary("Data API clients.");
        c.MapPost("/{clientId}/disable", DisableClient).RequireAuthorization(p => p.RequireRole(ClientAdministrators))
            .WithSummary("Disable a client: its tokens stop working at once.");

        var data = app.MapGroup("/api/datahub/data").WithTags("DataHub data API")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CachedAccessTokenHandler.SchemeName).RequireAuthenticatedUser())
            .WithMetadata(DataApiEndpointMarker.Instance);
        data.MapGet("/{dataset}/records/{key}", GetRecord).WithSummary("One record by key, with the granted fields (OAuth client credentials; X-Purpose header).");
        data.MapGet("/{dataset}/records", Query).WithSummary("Records filtered by granted fields: ?field=value&limit=&offset=&fields=a,b (OAuth client credentials; X-Purpose header).");

        app.MapTokenEndpoint();
    }

    private static IResult Outcome<T>(SharingOutcome<T> o) => o switch
    {
        { Errors: { } e } => e.ToProblem(),
        { Status: 200 } => TypedResults.Ok(o.Value),
        { Status: 403 } => Problems.Forbidden(o.Detail!),
        { Status: 404 } => Problems.NotFound(o.Detail!),
        { Status: 409 } => Problems.Conflict(o.Detail!),
        _ => Problems.Unprocessable(o.Detail!),
    };

    private static async Task<IResult> Datasets(DataHubDbContext db, HttpContext http)
    {
        var rows = await db.Set<OneCity.DataHub.Catalogue.Dataset>().AsNoTracking().Include(d => d.Fields)
            .Where(d => d.SharingType != OneCity.DataHub.Catalogue.SharingType.NotShared).OrderBy(d => d.Code).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(rows.Select(d => new ShareableDataset(
            d.Code, d.TitleZh, d.TitleEn, d.OwnerDepartmentCode, d.SharingType.ToString(), d.KeyField,
            d.Fields.OrderBy(f => f.Position).Select(f => new ShareableField(f.Name, f.TitleZh, f.TitleEn, f.Type, f.PersonalClass.ToString())).ToList())).ToList());
    }

    private static async Task<IResult> Request(SharingRequestInput? input, SharingService service, HttpContext http) =>
        input is null
            ? Problems.Invalid("body", "required")
            : Outcome(await service.RequestAsync(CurrentUser.From(http.User), input, http.RequestAborted));

    private static async Task<IResult> ListRequests(string? role, SharingService service, HttpContext http)
    {
        if (role is not (null or "mine" or "incoming"))
        {
            return Problems.Invalid("role", "mine or incoming");
        }

        return TypedResults.Ok(await service.ListRequestsAsync(CurrentUser.From(http.User), role == "incoming", http.RequestAborted));
    }

    private static async Task<IResult> Approve(long id, ApproveInput? input, SharingService service, HttpContext http) =>
        Outcome(await service.DecideAsync(CurrentUser.From(http.User), id, input ?? new ApproveInput(null, null, null, null, null), null, http.RequestAborted));

    private static async Task<IResult> Deny(long id, ReasonInput? input, SharingService service, HttpContext http) =>
        Outcome(await service.DecideAsync(CurrentUser.From(http.User), id, null, input?.Reason, http.RequestAborted));

    private static async Task<IResult> Withdraw(long id, SharingService service, HttpContext http) =>
        Outcome(await service.WithdrawAsync(CurrentUser.From(http.User), id, http.RequestAborted));

    private static async Task<IResult> ListGrants(SharingService service, HttpContext http) =>
        TypedResults.Ok(await service.ListGrantsAsync(CurrentUser.From(http.User), http.RequestAborted));

    private static async Task<IResult> Revoke(long id, ReasonInput? input, SharingService service, HttpContext http) =>
        Outcome(await service.RevokeAsync(CurrentUser.From(http.User), id, input?.Reason, http.RequestAborted));

    private static async Task<IResult> RegisterClient(ClientInput? input, ClientRegistry clients, HttpContext http)
    {
        var outcome = await clients.RegisterAsync(CurrentUser.From(http.User), input ?? new ClientInput(null, null), null, null, http.RequestAborted);
        return outcome.Errors is not null ? outcome.Errors.ToProblem() : TypedResults.Created($"/api/datahub/clients/{outcome.Value!.ClientId}", outcome.Value);
    }

    private static async Task<IResult> ListClients(DataHubDbContext db, HttpContext http) =>
        TypedResults.Ok(await db.Set<DataClient>().AsNoTracking().OrderBy(c => c.ClientId)
            .Select(c => new ClientView(c.ClientId, c.DepartmentCode, c.DisplayName, c.Disabled, c.CreatedAt, c.CreatedBy)).ToListAsync(http.RequestAborted));

    private static async Task<IResult> DisableClient(string clientId, ClientRegistry clients, HttpContext http) =>
        Outcome(await clients.DisableAsync(CurrentUser.From(http.User), clientId, http.RequestAborted));

    private static Task<IResult> GetRecord(string dataset, string key, HttpContext http, DataAccess access, FailedCallRecorder failures) =>
        ReadAsync(dataset, key, http, access, failures);

    private static Task<IResult> Query(string dataset, HttpContext http, DataAccess access, FailedCallRecorder failures) =>
        ReadAsync(dataset, null, http, access, failures);

    private static async Task<IResult> ReadAsync(string dataset, string? key, HttpContext http, DataAccess access, FailedCallRecorder failures)
    {
        var clientId = http.User.GetClaim(Claims.Subject) ?? "";
        if (!http.User.HasScope(OAuthSetup.Scope))
        {
            // A valid token of a known client, but not for the data API: recorded like the other token failures.
            await failures.RecordAsync(new DataApiFailure(clientId, "scope missing", 403, DataApiEndpointMarker.Describe(http), DataApiEndpointMarker.Dataset(http)), http.RequestAborted);
            return Problems.Forbidden($"The access token does not carry the scope {OAuthSetup.Scope}.");
        }

        var errors = new FieldErrors();
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        var limit = 20;
        var offset = 0;
        List<string>? fields = null;
        foreach (var (name, values) in http.Request.Query)
        {
            if (values.Count != 1)
            {
                errors.Add(name, "give the parameter once");
                continue;
            }

            var value = values[0] ?? "";
            switch (name)
            {
                case "limit":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DataAccess.MaxLimit)
                    {
                        errors.Add("limit", $"an integer from 1 to {DataAccess.MaxLimit}");
                    }

                    break;
                case "offset":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset is < 0 or > 1_000_000)
                    {
                        errors.Add("offset", "an integer from 0 to 1000000");
                    }

                    break;
                case "fields":
                    fields = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
                    break;
                default:
                    if (key is not null)
                    {
                        errors.Add(name.Length > 40 ? name[..40] : name, "a key lookup takes only the fields parameter");
                    }
                    else if (name.Length > 80 || !name.All(char.IsAsciiLetterOrDigit))
                    {
                        errors.Add(name.Length > 40 ? name[..40] : name, "not a field name");
                    }
                    else
                    {
                        filters[name] = value;
                    }

                    break;
            }
        }

        DataResult result;
        var purpose = http.Request.Headers["X-Purpose"].ToString();
        if (errors.Any)
        {
            // Malformed parameters are refused before any grant is looked at; the attempt is still recorded.
            result = await access.RecordRefusalAsync(clientId, dataset, purpose, key ?? http.Request.QueryString.Value ?? "", errors, http.RequestAborted);
            return errors.ToProblem();
        }

        result = await access.ReadAsync(clientId, dataset, purpose, new DataQuery(key, filters, limit, offset, fields), http.RequestAborted);
        if (result.Refusal is { } r)
        {
            if (r.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (r.Status == 400 && r.Field is not null)
            {
                return Problems.Invalid(r.Field, r.Detail);
            }

            return TypedResults.Problem(r.Detail, statusCode: r.Status, title: r.Title,
                extensions: r.Field is null ? null : new Dictionary<string, object?> { ["field"] = r.Field });
        }

        var page = result.Page!;
        return key is not null
            ? TypedResults.Ok(page.Items[0])
            : TypedResults.Ok(new { dataset = page.Dataset, grant = page.GrantId, page.Limit, page.Offset, page.HasMore, page.Items });
    }
}

/// <summary>Registers data API clients: an OpenIddict application (hashed secret) and the department it acts for.</summary>
internal sealed class ClientRegistry(DataHubDbContext db, IOpenIddictApplicationManager applications, AuditLedger ledger, GrantCache cache, TimeProvider clock)
{
    public async Task<SharingOutcome<ClientCreated>> RegisterAsync(CurrentUser user, ClientInput input, string? fixedClientId, string? fixedSecret, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var department = input.DepartmentCode?.Trim();
        if (string.IsNullOrWhiteSpace(department))
        {
            errors.Add("departmentCode", "required");
        }
        else if (department.Length > 40 || !department.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
        {
            errors.Add("departmentCode", "a department code such as SH-RS");
        }

        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors.Add("displayName", "required");
        }
        else if (input.DisplayName.Length > 200)
        {
            errors.Add("displayName", "at most 200 characters");
        }

        if (errors.Any)
        {
            return SharingOutcome<ClientCreated>.Invalid(errors);
        }

        var clientId = fixedClientId ?? $"dh-{department!.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var secret = fixedSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = input.DisplayName!.Trim(),
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + OAuthSetup.Scope },
        };
        await applications.CreateAsync(descriptor, ct);
        db.Add(new DataClient
        {
            ClientId = clientId, DepartmentCode = department!, DisplayName = descriptor.DisplayName, CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        });
        await db.SaveChangesAsync(ct);
        await ledger.AppendAsync(user, new AuditRecord("datahub.client.register", "datahub-client", clientId, Details: $"department={department}"), CancellationToken.None);
        return new(new ClientCreated(clientId, secret, department!, descriptor.DisplayName, OAuthSetup.TokenPath, OAuthSetup.Scope));
    }

    public async Task<SharingOutcome<ClientView>> DisableAsync(CurrentUser user, string clientId, CancellationToken ct)
    {
        var client = await db.Set<DataClient>().FirstOrDefaultAsync(c => c.ClientId == clientId, ct);
        if (client is null)
        {
            return SharingOutcome<ClientView>.Fail(404, $"No client {clientId}.");
        }

        if (!client.Disabled)
        {
            client.Disabled = true;
            client.DisabledAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            cache.Invalidate();
            await ledger.AppendAsync(user, new AuditRecord("datahub.client.disable", "datahub-client", clientId, Details: $"department={client.DepartmentCode}"), CancellationToken.None);
        }

        return new(new ClientView(client.ClientId, client.DepartmentCode, client.DisplayName, client.Disabled, client.CreatedAt, client.CreatedBy));
    }
}
