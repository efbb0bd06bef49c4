using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneCity.Platform.Hosting;

namespace OneCity.Platform.Organisation.Users;

internal static class UserAdminEndpoints
{
    public static void MapUserAdminApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/admin/users").WithTags("User administration").RequireAuthorization(Policies.UserAdministrator);
        g.MapGet("", List)
            .WithSummary("List accounts, filtered by role, department and jurisdiction; paged. Department administrators see their own department.");
        g.MapPost("", Create)
            .WithSummary("Create an account with one role, a department and a jurisdiction the department's area covers.");
        g.MapPost("/{id}/lock", Lock).WithSummary("Lock an account until it is unlocked.");
        g.MapPost("/{id}/unlock", Unlock).WithSummary("Unlock an account and reset its failed sign-in count.");
        g.MapPost("/{id}/roles", SetRoles).WithSummary("Replace an account's roles; ends the account's sessions.");
        g.MapPost("/{id}/assignment", SetAssignment)
            .WithSummary("Move an account to another department and/or jurisdiction (an existing area or unit grid the department serves); ends its sessions.");
        g.MapPost("/{id}/reset-password", ResetPassword)
            .WithSummary("Give an account a generated one-time password, returned once in this response; ends its sessions.");
        g.MapPost("/{id}/reset-authenticator", ResetAuthenticator)
            .WithSummary("Turn off an account's two-factor sign-in and reset its authenticator key, so it enrols again; ends its sessions.");
    }

    private static async Task<Results<Ok<UserPage>, ValidationProblem, ProblemHttpResult>> List(
        UserAdministration admin, HttpContext http, string? role, string? department, string? jurisdiction, int? page, int? pageSize)
    {
        var outcome = await admin.ListAsync(
            CurrentUser.From(http.User), new UserQuery(role, department, jurisdiction, page ?? 1, pageSize ?? 50), http.RequestAborted);
        return Answer(outcome, TypedResults.Ok);
    }

    private static async Task<Results<Created<UserSummary>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest? request, UserAdministration admin, HttpContext http)
    {
        var outcome = await admin.CreateAsync(CurrentUser.From(http.User), request, http.RequestAborted);
        return Answer(outcome, u => TypedResults.Created($"/api/admin/users/{u.Id}", u));
    }

    private static async Task<Results<Ok<UserSummary>, ValidationProblem, ProblemHttpResult>> Lock(string id, UserAdministration admin, HttpContext http) =>
        Answer(await admin.LockAsync(CurrentUser.From(http.User), id, http.RequestAborted), TypedResults.Ok);

    private static async Task<Results<Ok<UserSummary>, ValidationProblem, ProblemHttpResult>> Unlock(string id, UserAdministration admin, HttpContext http) =>
        Answer(await admin.UnlockAsync(CurrentUser.From(http.User), id, http.RequestAborted), TypedResults.Ok);

    private static async Task<Results<Ok<UserSummary>, ValidationProblem, ProblemHttpResult>> SetRoles(
        string id, SetRolesRequest? request, UserAdministration admin, HttpContext http) =>
        Answer(await admin.SetRolesAsync(CurrentUser.From(http.User), id, request, http.RequestAborted), TypedResults.Ok);

    private static async Task<Results<Ok<UserSummary>, ValidationProblem, ProblemHttpResult>> SetAssignment(
        string id, SetAssignmentRequest? request, UserAdministration admin, HttpContext http) =>
        Answer(await admin.SetAssignmentAsync(CurrentUser.From(http.User), id, request, http.RequestAborted), TypedResults.Ok);

    private static async Task<Results<Ok<PasswordReset>, ValidationProblem, ProblemHttpResult>> ResetPassword(string id, UserAdministration admin, HttpContext http)
    {
        // The one-time password must not linger in a cache.
        http.Response.Headers.CacheControl = "no-store";
        return Answer(await admin.ResetPasswordAsync(CurrentUser.From(http.User), id, http.RequestAborted), TypedResults.Ok);
    }

    private static async Task<Results<Ok<UserSummary>, ValidationProblem, ProblemHttpResult>> ResetAuthenticator(string id, UserAdministration admin, HttpContext http) =>
        Answer(await admin.ResetAuthenticatorAsync(CurrentUser.From(http.User), id, http.RequestAborted), TypedResults.Ok);

    private static Results<TOk, ValidationProblem, ProblemHttpResult> Answer<T, TOk>(AdminOutcome<T> outcome, Func<T, TOk> ok)
        where TOk : IResult
    {
        if (outcome.Succeeded)
        {
            return ok(outcome.Value!);
        }

        if (outcome.Failure == AdminFailure.Invalid)
        {
            return Problems.Invalid(outcome.Errors!);
        }

        return outcome.Failure switch
        {
            AdminFailure.Forbidden => Problems.Forbidden(outcome.Detail!),
            AdminFailure.NotFound => Problems.NotFound(outcome.Detail!),
            _ => Problems.Conflict(outcome.Detail!),
        };
    }
}
