using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Audit;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Platform.Organisation;

public sealed record LoginRequest(string? Username, string? Password, string? TwoFactorCode);

public sealed record MeResponse(string UserName, string DisplayName, IReadOnlyList<string> Roles, string? Department, string Jurisdiction, string Entrance);

internal static class AuthEndpoints
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/auth").WithTags("Auth");
        g.MapPost("/login", Login).AllowAnonymous()
            .WithSummary("Sign in with username and password; returns a bearer token {accessToken, expiresIn}.");
        g.MapGet("/me", Me).RequireAuthorization(Policies.Authenticated).WithSummary("Who the caller is.");
        app.MapUserAdminApi();
    }

    /// <summary>Writes an AccessTokenResponse ({tokenType, accessToken, expiresIn, refreshToken}) on success.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest? request, SignInManager<PlatformUser> signIn, AuditLedger ledger, HttpContext http)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request?.Username))
        {
            errors.Add("username", "required");
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors.Add("password", "required");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request!.Username!, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
            {
                return TypedResults.Problem("This account requires an authenticator code: send twoFactorCode.", statusCode: 401, title: "Two-factor code required");
            }

            result = await signIn.TwoFactorAuthenticatorSignInAsync(request.TwoFactorCode.Replace(" ", "", StringComparison.Ordinal), false, false);
        }

        await ledger.RecordAsync(request.Username!, result, "api", http.RequestAborted);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem("Too many failed attempts; the account is locked for a while.", statusCode: 423, title: "Locked out");
        }

        if (!result.Succeeded)
        {
            return TypedResults.Problem("Wrong username or password.", statusCode: 401, title: "Sign-in failed");
        }

        // SignInManager has already written the token response.
        return TypedResults.Empty;
    }

    private static Ok<MeResponse> Me(HttpContext http)
    {
        var me = CurrentUser.From(http.User);
        return TypedResults.Ok(new MeResponse(me.UserName, me.DisplayName, me.Roles, me.DepartmentCode, me.JurisdictionCode, Roles.EntranceOf(me.Roles).ToString()));
    }
}
