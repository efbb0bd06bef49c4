using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneCity.GovServices.Applications;
using OneCity.Platform.Organisation;
using OneCity.Platform.Organisation.Users;
using OneCity.Web.Pages.Portal.Services;

namespace OneCity.Web.Pages.Portal.Applications;

/// <summary>
/// One of my applications: each department's step with its countdown, what to do when a step failed, the one-time
/// supplement notice answered with one form, the e-licences issued, and the timeline.
/// </summary>
public sealed class DetailModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    internal ApplicationDetail? Detail { get; private set; }

    public IReadOnlyDictionary<string, BilingualName> Departments { get; private set; } = new Dictionary<string, BilingualName>();

    public Dictionary<string, List<FlowMessage>> Errors { get; } = new(StringComparer.Ordinal);

    public List<FlowMessage> Problems { get; } = [];

    public string? Message { get; private set; }

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public long MaxUploadBytes => Service<Uploads>().MaxBytes;

    internal IReadOnlyList<SupplementView> OpenSupplements => Detail?.Supplements.Where(s => s.AnsweredAt is null).ToList() ?? [];

    /// <summary>Material codes the open supplement requests ask to be uploaded again.</summary>
    public IReadOnlyList<string> WantedMaterials => OpenSupplements.SelectMany(s => s.Items).Select(i => i.MaterialCode).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    public string Name(string zh, string? en) => English && en is not null ? $"{en} / {zh}" : zh;

    public IEnumerable<FlowMessage> ErrorsFor(string key) => Errors.TryGetValue(key, out var list) ? list : [];

    internal StepView? StepById(long id) => Detail?.Steps.FirstOrDefault(s => s.Id == id);

    internal string MaterialName(string code) => Detail?.Materials.FirstOrDefault(m => m.Code == code) is { } m ? Name(m.NameZh, m.NameEn) : code;

    internal string DepartmentName(string code) => Departments.GetValueOrDefault(code) is { } d ? Name(d.Zh, d.En) : code;

    /// <summary>The steps cancelled because the given one failed (directly or through another cancelled step).</summary>
    internal IReadOnlyList<StepView> CancelledBy(StepView failed)
    {
        var result = new List<StepView>();
        var frontier = new Queue<string>([failed.StepKey]);
        while (frontier.TryDequeue(out var key))
        {
            foreach (var s in Detail!.Steps.Where(s => s.Status == "Cancelled" && s.DependsOn.Contains(key) && !result.Contains(s)))
            {
                result.Add(s);
                frontier.Enqueue(s.StepKey);
            }
        }

        return result;
    }

    private T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done == "supplement" ? "补正材料已提交，相关部门继续办理，办理时限从今天起恢复计算。" : null;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>Answers every open supplement request at once: a file per requested material and a note.</summary>
    public async Task<IActionResult> OnPostSupplementAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var app = string.IsNullOrWhiteSpace(Number) ? null : await Service<ApplicationQueries>().FindVisibleAsync(user, Number.Trim(), true, ct);
        if (app is null || !Own(app, user))
        {
            return NotFound();
        }

        var uploads = Service<Uploads>();
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Request.Form.Files.Where(f => f.Name.StartsWith("file-", StringComparison.Ordinal)))
        {
            var code = file.Name["file-".Length..];
            var (view, _, _, status) = await uploads.SaveAsync(user.UserId, file, ct);
            if (view is null)
            {
                Add("uploads." + code, GovLabels.Upload(status, Path.GetFileName(file.FileName), uploads.MaxBytes));
            }
            else
            {
                files[code] = view.Id;
            }
        }

        if (Errors.Count == 0)
        {
            var refusal = await Service<StepActions>().AnswerSupplementsAsync(user, app, new SupplementAnswerInput(files, Note), ct);
            if (refusal is null)
            {
                return Redirect($"/Portal/Applications/Detail?number={Uri.EscapeDataString(app.Number)}&done=supplement");
            }

            foreach (var (key, rules) in refusal.Errors ?? new Dictionary<string, string[]>())
            {
                foreach (var rule in rules)
                {
                    Add(key, GovLabels.Rule(rule));
                }
            }

            if (refusal.Errors is null)
            {
                Problems.Add(refusal.Status == 409 ? FlowMessage.Of("没有待补正的通知。") : FlowMessage.Of(refusal.Detail));
            }
        }

        Response.StatusCode = 400;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private void Add(string key, FlowMessage message)
    {
        if (!Errors.TryGetValue(key, out var list))
        {
            Errors[key] = list = [];
        }

        list.Add(message);
    }

    private static bool Own(Application app, CurrentUser user) =>
        app.ApplicantUserId == user.UserId || (user.PersonId is not null && app.ApplicantPersonId == user.PersonId);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = CurrentUser.From(User);
        var queries = Service<ApplicationQueries>();
        var app = string.IsNullOrWhiteSpace(Number) ? null : await queries.FindVisibleAsync(user, Number.Trim(), false, ct);
        if (app is null || !Own(app, user))
        {
            return false;
        }

        // The page shows no answers, so they stay masked.
        Detail = await queries.DetailAsync(app, revealAnswers: false, ct);
        Departments = await Service<OrganisationDirectory>().DepartmentNamesAsync(Detail.Steps.Select(s => s.DepartmentCode), ct);
        return true;
    }
}
