using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Hosting;

namespace OneCity.GovServices.Offers;

internal sealed record GrantView(long Id, decimal Amount, string Frequency, DateOnly StartsOn, DateOnly? EndsOn);

/// <summary>An offer as its recipient sees it: what, why (in words and the matched facts), how much, and what became of it.</summary>
internal sealed record OfferView(long Id, string RuleCode, string NameZh, string NameEn, string ServiceCode, string DepartmentCode, string Status,
    decimal Amount, string Frequency, string ReasonZh, string ReasonEn, IReadOnlyList<MatchedFact> Matched, string PolicyZh, string PolicyEn,
    bool ConcernsChild, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? Comment, GrantView? Grant);

/// <summary>An offer as the department handling the benefit sees it (the recipient masked).</summary>
internal sealed record DepartmentOfferView(long Id, string RuleCode, string NameZh, string NameEn, string Status, string PersonMasked, decimal Amount, string Frequency,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? Comment);

internal sealed record DecisionInput(string? Text);

internal enum OfferDecision
{
    Confirm = 1,
    Decline = 2,
    Object = 3,
}

/// <summary>
/// The citizen's side of proactive offers: their offers with the reasons, and the decisions — confirm (records the
/// benefit grant and tells the department), decline, or object (the text goes to the department). Each decision is
/// written to the audit ledger.
/// </summary>
internal sealed class OfferService(
    GovServicesDbContext db, OfferRules rules, WorkingCalendar calendar, PersonalDataProtector protector, AuditLedger ledger, Notifier notifier,
    UserManager<PlatformUser> users, TimeProvider clock)
{
    public const int MaxComment = 1000;

    private sealed record Reason(string Zh, string En, List<MatchedFact> Matched, DateOnly? ChildBirthDate);

    public async Task<IReadOnlyList<OfferView>> MineAsync(CurrentUser user, CancellationToken ct)
    {
        if (user.PersonId is null)
        {
            return [];
        }

        var offers = await db.Set<ProactiveOffer>().AsNoTracking().Where(o => o.PersonId == user.PersonId && o.Status != OfferStatus.Superseded)
            .OrderByDescending(o => o.Id).Take(200).ToListAsync(ct);
        var ids = offers.Select(o => o.Id).ToList();
        var grants = await db.Set<BenefitGrant>().AsNoTracking().Where(g => ids.Contains(g.OfferId)).ToDictionaryAsync(g => g.OfferId, ct);
        return offers.Select(o => View(o, grants.GetValueOrDefault(o.Id))).ToList();
    }

    public async Task<(OfferView? View, Refusal? Refusal)> DecideAsync(CurrentUser user, long id, string? action, DecisionInput input, CancellationToken ct)
    {
        if (!EnumNames.TryParse<OfferDecision>(action, out var decision))
        {
            return (null, Invalid("action", "one of confirm, decline, object"));
        }

        var text = input.Text?.Trim();
        if (decision == OfferDecision.Object && string.IsNullOrEmpty(text))
        {
            return (null, Invalid("text", "required: say what is wrong, at most 1000 characters"));
        }

        if (text is { Length: > MaxComment })
        {
            return (null, Invalid("text", "at most 1000 characters"));
        }

        var offer = await db.Set<ProactiveOffer>().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null || user.PersonId is null || offer.PersonId != user.PersonId)
        {
            // Someone else's offer is indistinguishable from a missing one.
            return (null, new Refusal(404, "Not found", $"No offer {id} of yours."));
        }

        if (offer.Status != OfferStatus.Offered)
        {
            return (null, new Refusal(409, "Already decided", $"Offer {id} is {offer.Status}; it can no longer be changed."));
        }

        var rule = rules.Find(offer.RuleCode);
        var reason = ReadReason(offer);
        var now = clock.GetUtcNow();
        var today = calendar.Today;
        BenefitGrant? grant = null;
        var status = decision switch
        {
            OfferDecision.Confirm => OfferStatus.Confirmed,
            OfferDecision.Decline => OfferStatus.Declined,
            _ => OfferStatus.Objected,
        };
        var comment = string.IsNullOrEmpty(text) ? null : protector.Protect(text);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Only one decision wins, even when two arrive at once.
            var changed = await db.Set<ProactiveOffer>().Where(o => o.Id == id && o.Status == OfferStatus.Offered).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, status).SetProperty(o => o.DecidedAt, now).SetProperty(o => o.DecidedBy, user.UserName)
                .SetProperty(o => o.CommentCipher, comment), ct);
            if (changed == 0)
            {
                return (null, new Refusal(409, "Already decided", $"Offer {id} was decided meanwhile."));
            }

            if (decision == OfferDecision.Confirm)
            {
                grant = new BenefitGrant
                {
                    OfferId = offer.Id, RuleCode = offer.RuleCode, PersonId = offer.PersonId, SubjectPersonId = offer.SubjectPersonId, ServiceCode = offer.ServiceCode,
                    DepartmentCode = offer.DepartmentCode, Amount = offer.Amount, Frequency = offer.Frequency,
                    StartsOn = offer.Frequency == BenefitFrequency.Monthly ? new DateOnly(today.Year, today.Month, 1).AddMonths(1) : today,
                    EndsOn = rule?.EndsAtChildAge is { } years && reason.ChildBirthDate is { } birth ? birth.AddYears(years).AddDays(-1) : null,
                    CreatedAt = now,
                };
                db.Add(grant);
                await db.SaveChangesAsync(ct);

                // The other guardian's offer for the same child is settled by this confirmation.
                if (offer.SubjectPersonId is not null)
                {
                    await db.Set<ProactiveOffer>().Where(o => o.RuleCode == offer.RuleCode && o.PeriodKey == offer.PeriodKey && o.Id != offer.Id && o.Status == OfferStatus.Offered)
                        .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OfferStatus.Superseded).SetProperty(o => o.DecidedAt, now), ct);
                }
            }

            await tx.CommitAsync(ct);
        }

        offer.Status = status;
        offer.DecidedAt = now;
        offer.DecidedBy = user.UserName;
        offer.CommentCipher = comment;
        var subjects = offer.SubjectPersonId is null ? new[] { offer.PersonId } : [offer.PersonId, offer.SubjectPersonId];
        var verb = decision.ToString().ToLowerInvariant();
        await ledger.AppendAsync(user, new AuditRecord("govservices.offer." + verb, "govservices-offer", offer.Id.ToString(CultureInfo.InvariantCulture),
            RegistryFacts.Purpose, rule?.PolicyZh,
            $"rule={offer.RuleCode}; department={offer.DepartmentCode}" + (grant is null ? "" : $"; grant={grant.Id}; amount={OfferFacts.Money(grant.Amount)}; from={grant.StartsOn:yyyy-MM-dd}")
            + (text is null ? "" : $"; comment-length={text.Length}"), subjects), CancellationToken.None);
        await NotifyAsync(user, offer, rule, decision, grant, text, CancellationToken.None);
        return (View(offer, grant), null);
    }

    /// <summary>The offers a department handles, objections first; reading the objections' text is recorded.</summary>
    public async Task<IReadOnlyList<DepartmentOfferView>> DepartmentAsync(CurrentUser user, string? status, CancellationToken ct)
    {
        var department = user.DepartmentCode ?? "-";
        var q = db.Set<ProactiveOffer>().AsNoTracking().Where(o => o.DepartmentCode == department);
        if (status is not null && Enum.TryParse<OfferStatus>(status, true, out var st))
        {
            q = q.Where(o => o.Status == st);
        }

        var offers = await q.OrderByDescending(o => o.Status == OfferStatus.Objected).ThenByDescending(o => o.Id).Take(200).ToListAsync(ct);
        var withComments = offers.Where(o => o.CommentCipher is not null).ToList();
        if (withComments.Count > 0)
        {
            await ledger.AppendAsync(user, new AuditRecord("govservices.offers.read", "govservices-offer", department, RegistryFacts.Purpose,
                Details: $"objections and comments read: {withComments.Count}", Subjects: withComments.Select(o => o.PersonId).Distinct().ToList()), ct);
        }

        return offers.Select(o =>
        {
            var rule = rules.Find(o.RuleCode);
            return new DepartmentOfferView(o.Id, o.RuleCode, rule?.NameZh ?? o.RuleCode, rule?.NameEn ?? o.RuleCode, o.Status.ToString(), Masking.Keep(o.PersonId, 3, 2),
                o.Amount, o.Frequency.ToString(), o.CreatedAt, o.DecidedAt, o.CommentCipher is null ? null : protector.Unprotect(o.CommentCipher));
        }).ToList();
    }

    private OfferView View(ProactiveOffer o, BenefitGrant? g)
    {
        var rule = rules.Find(o.RuleCode);
        var reason = ReadReason(o);
        return new OfferView(o.Id, o.RuleCode, rule?.NameZh ?? o.RuleCode, rule?.NameEn ?? o.RuleCode, o.ServiceCode, o.DepartmentCode, o.Status.ToString(), o.Amount,
            o.Frequency.ToString(), reason.Zh, reason.En, reason.Matched, rule?.PolicyZh ?? "", rule?.PolicyEn ?? "", o.SubjectPersonId is not null, o.CreatedAt, o.DecidedAt,
            o.CommentCipher is null ? null : protector.Unprotect(o.CommentCipher),
            g is null ? null : new GrantView(g.Id, g.Amount, g.Frequency.ToString(), g.StartsOn, g.EndsOn));
    }

    private Reason ReadReason(ProactiveOffer o)
    {
        using var doc = JsonDocument.Parse(protector.Unprotect(o.ReasonCipher));
        var root = doc.RootElement;
        var matched = root.GetProperty("matched").Deserialize<List<MatchedFact>>() ?? [];
        DateOnly? birth = root.TryGetProperty("childBirthDate", out var b) && b.ValueKind == JsonValueKind.String
            ? DateOnly.ParseExact(b.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        return new Reason(root.GetProperty("zh").GetString() ?? "", root.GetProperty("en").GetString() ?? "", matched, birth);
    }

    private async Task NotifyAsync(CurrentUser user, ProactiveOffer offer, OfferRule? rule, OfferDecision decision, BenefitGrant? grant, string? text, CancellationToken ct)
    {
        var name = rule?.NameZh ?? offer.RuleCode;
        var messages = new List<Notification>();
        if (decision != OfferDecision.Decline)
        {
            var staff = await users.Users.Where(u => u.DepartmentCode == offer.DepartmentCode).Select(u => u.Id).ToListAsync(ct);
            var (subject, body) = decision == OfferDecision.Confirm
                ? ($"免申即享已确认：{name} Offer confirmed", $"第 {offer.Id} 号免申即享（{name}）已由本人确认，请按 {OfferFacts.Money(offer.Amount)} 元/{Per(offer.Frequency)} 自 {grant!.StartsOn:yyyy-MM-dd} 起发放。")
                : ($"免申即享异议：{name} Objection to an offer", $"第 {offer.Id} 号免申即享（{name}）的对象提出异议：{text}");
            messages.AddRange(staff.Select(id => new Notification(Channel.InApp, subject, body, id, Link: "/api/govservices/offers/department")));
        }

        var (mine, mineBody) = decision switch
        {
            OfferDecision.Confirm => ($"已确认：{name} Confirmed", $"{name}：每{Per(offer.Frequency)} {OfferFacts.Money(offer.Amount)} 元，自 {grant!.StartsOn:yyyy-MM-dd} 起发放。"),
            OfferDecision.Decline => ($"已放弃：{name} Declined", $"您已放弃{name}。如改变主意，可向{offer.DepartmentCode}咨询。"),
            _ => ($"异议已提交：{name} Objection sent", $"您对{name}的异议已转给{offer.DepartmentCode}，部门将与您联系。"),
        };
        messages.Add(new Notification(Channel.InApp, mine, mineBody, user.UserId, Link: "/portal/offers"));
        await notifier.EnqueueAsync(messages, ct);
    }

    private static string Per(BenefitFrequency f) => f switch
    {
        BenefitFrequency.Monthly => "月",
        BenefitFrequency.Yearly => "年",
        _ => "次",
    };

    private static Refusal Invalid(string field, string rule) =>
        new(400, "Invalid request", "See errors.", new Dictionary<string, string[]> { [field] = [rule] });
}
