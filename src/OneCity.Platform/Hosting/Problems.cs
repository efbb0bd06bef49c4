using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OneCity.Platform.Hosting;

/// <summary>Builds the ProblemDetails answers every API gives for bad input: which field, which rule.</summary>
public static class Problems
{
    /// <summary>400 with <c>errors[field] = [rule]</c>.</summary>
    public static ValidationProblem Invalid(string field, string rule) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [rule] }, title: "The request is not valid.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Unprocessable(string detail, string? title = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title ?? "Cannot process the request");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}

/// <summary>Collects field errors so a handler can report all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string rule)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(rule);
    }

    public ValidationProblem ToProblem() => Problems.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
