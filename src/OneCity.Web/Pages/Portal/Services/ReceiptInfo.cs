using OneCity.GovServices.Applications;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>What the receipt (回执) shows after a submission, for the applicant or the clerk who submitted it.</summary>
public sealed class ReceiptInfo
{
    internal Application Application { get; init; } = null!;

    internal ReceiptView Receipt { get; init; } = null!;

    public required IReadOnlyDictionary<string, BilingualName> Departments { get; init; }

    public required bool English { get; init; }

    public string Name(string zh, string en) => English ? $"{en} / {zh}" : zh;

    /// <summary>The application when the user submitted it or owns it (<paramref name="own"/>: as its applicant; else as the clerk who filed it).</summary>
    public static async Task<ReceiptInfo?> LoadAsync(HttpContext http, string? number, bool own, bool english, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var user = CurrentUser.From(http.User);
        var app = await http.RequestServices.GetRequiredService<ApplicationQueries>().FindVisibleAsync(user, number.Trim(), false, ct);
        if (app is null || (own ? app.ApplicantUserId != user.UserId && app.ApplicantPersonId != user.PersonId : app.SubmittedByUserId != user.UserId))
        {
            return null;
        }

        var departments = await http.RequestServices.GetRequiredService<OrganisationDirectory>().DepartmentNamesAsync(app.Steps.Select(s => s.DepartmentCode), ct);

        return new ReceiptInfo { Application = app, Receipt = ApplicationService.Receipt(app), Departments = departments, English = english };
    }
}
