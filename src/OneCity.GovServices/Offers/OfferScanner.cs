using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneCity.DataHub.Contracts;
using OneCity.GovServices.Applications;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using OneCity.GovServices.Data;
using OneCity.Platform.Audit;
using OneCity.Platform.Calendar;
using OneCity.Platform.Notifications;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;

namespace OneCity.GovServices.Offers;

internal sealed record OfferScanResult(long ScanId, string? AreaCode, int People, int Matched, int Created, int AlreadyOffered, IReadOnlyDictionary<string, int> CreatedByRule);

/// <summary>
/// The offer scan: reads the population registry page by page through GovServices' DataHub grant (the same checks
/// and ledger entries as any department system), evaluates every rule for every resident (and, for child rules,
/// every child of the resident's household: the people registered at the same address, whose guardians are the
/// married adults at least 16 years older), and records the offers not made before. Idempotent: one offer per
/// rule, recipient and period, guaranteed by a unique index. New offers are written to the audit ledger and the
/// recipient is told (in the app when they have an account, else by SMS to the registry's mobile number).
/// </summary>
internal sealed class OfferScanner(
    GovServicesDbContext db, OfferRules rules, GovCatalogue catalogue, DataHubClient dataHub, WorkingCalendar calendar, PersonalDataProtector protector,
    AuditLedger ledger, Notifier notifier, UserManager<PlatformUser> users, TimeProvider clock, ILogger<OfferScanner> logger)
{
    public const int PageSize = 100;

    // One scan at a time per process: a second request waits rather than racing on the same offers.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private sealed record Candidate(OfferRule Rule, Resident Recipient, Resident? Child, string PeriodKey, decimal Amount, Facts Facts);

    public async Task<OfferScanResult> ScanAsync(CurrentUser actor, string? areaCode, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            return await RunAsync(actor, areaCode, ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<OfferScanResult> RunAsync(CurrentUser actor, string? areaCode, CancellationToken ct)
    {
        var scan = new OfferScan { AreaCode = areaCode, TriggeredBy = actor.UserName, StartedAt = clock.GetUtcNow() };
        db.Add(scan);
        await db.SaveChangesAsync(ct);
        try
        {
            var people = await ReadPopulationAsync(areaCode, ct);
            var today = calendar.Today;
            var candidates = Evaluate(people, today);
            var (created, existing) = await RecordAsync(actor, scan.Id, candidates, ct);
            scan.People = people.Count;
            scan.Matched = candidates.Count;
            scan.Created = created.Count;
            scan.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            var byRule = created.GroupBy(o => o.RuleCode).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            await ledger.AppendAsync(actor, new AuditRecord("govservices.offers.scan", "govservices-offer-scan", scan.Id.ToString(CultureInfo.InvariantCulture),
                RegistryFacts.Purpose, "《上海市数据条例》第三十八条（数据共享、主动服务）",
                $"area={areaCode ?? AreaCodes.City}; people={people.Count}; matched={candidates.Count}; created={created.Count}; existing={existing}; " +
                string.Join(", ", byRule.Select(x => $"{x.Key}={x.Value}"))), CancellationToken.None);
            logger.LogInformation("Offer scan {Scan} over {Area}: {People} residents, {Matched} matches, {Created} new offers.", scan.Id, areaCode ?? AreaCodes.City,
                people.Count, candidates.Count, created.Count);
            return new OfferScanResult(scan.Id, areaCode, people.Count, candidates.Count, created.Count, existing, byRule);
        }
        catch (Exception e) when (e is DataHubAccessDeniedException or DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await db.Set<OfferScan>().Where(s => s.Id == scan.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.FinishedAt, clock.GetUtcNow()).SetProperty(x => x.Error, e.Message.Length > 2000 ? e.Message[..2000] : e.Message), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Every resident living (or, for a district, registered) in the area, a page of <see cref="PageSize"/> at a time.</summary>
    private async Task<List<Resident>> ReadPopulationAsync(string? areaCode, CancellationToken ct)
    {
        var filters = areaCode is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["residenceAreaCode"] = areaCode };
        var people = new Dictionary<string, Resident>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += PageSize)
        {
            var rows = await dataHub.QueryAsync(DataHubClients.GovServices, RegistryFacts.Population, filters, RegistryFacts.Purpose, PageSize, offset, ct);
            foreach (var r in rows.Select(Resident.From).OfType<Resident>())
            {
                people.TryAdd(r.PersonId, r);
            }

            if (rows.Count < PageSize)
            {
                return people.Values.ToList();
            }
        }
    }

    private List<Candidate> Evaluate(IReadOnlyList<Resident> people, DateOnly today)
    {
        var result = new List<Candidate>();
        var personRules = rules.All.Where(r => r.Subject == OfferSubject.Person).ToList();
        var childRules = rules.All.Where(r => r.Subject == OfferSubject.Child).ToList();
        foreach (var p in people)
        {
            var facts = OfferFacts.For(p, null, today);
            foreach (var rule in personRules.Where(r => Conditions.Evaluate(r.When, facts)))
            {
                result.Add(new Candidate(rule, p, null, PeriodKey(rule, null, today), rule.AmountFor(facts), facts));
            }
        }

        if (childRules.Count == 0)
        {
            return result;
        }

        foreach (var household in people.Where(p => p.Address is not null && p.BirthDate is not null).GroupBy(p => (p.ResidenceAreaCode, p.Address)))
        {
            var members = household.ToList();
            foreach (var child in members.Where(m => m.AgeOn(today) < 18))
            {
                var guardians = members.Where(m => m.MaritalStatus == "Married" && m.AgeOn(today) >= 18 && m.BirthDate!.Value.AddYears(16) <= child.BirthDate!.Value);
                foreach (var g in guardians)
                {
                    var facts = OfferFacts.For(g, child, today);
                    foreach (var rule in childRules.Where(r => Conditions.Evaluate(r.When, facts)))
                    {
                        result.Add(new Candidate(rule, g, child, PeriodKey(rule, child, today), rule.AmountFor(facts), facts));
                    }
                }
            }
        }

        return result;
    }

    public static string PeriodKey(OfferRule rule, Resident? child, DateOnly today)
    {
        var period = rule.Period switch
        {
            OfferPeriod.Year => today.Year.ToString(CultureInfo.InvariantCulture),
            OfferPeriod.SchoolYear => OfferFacts.NextAugust31(today).Year.ToString(CultureInfo.InvariantCulture),
            _ => "once",
        };
        return child is null ? period : $"{child.PersonId}/{period}";
    }

    private async Task<(List<ProactiveOffer> Created, int Existing)> RecordAsync(CurrentUser actor, long scanId, List<Candidate> candidates, CancellationToken ct)
    {
        var created = new List<ProactiveOffer>();
        var existing = 0;
        var snapshot = await catalogue.GetAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var chunk in candidates.Chunk(200))
        {
            var ids = chunk.Select(c => c.Recipient.PersonId).Distinct().ToList();
            var codes = chunk.Select(c => c.Rule.Code).Distinct().ToList();
            var known = (await db.Set<ProactiveOffer>().AsNoTracking().Where(o => ids.Contains(o.PersonId) && codes.Contains(o.RuleCode))
                .Select(o => new { o.RuleCode, o.PersonId, o.PeriodKey }).ToListAsync(ct))
                .Select(o => (o.RuleCode, o.PersonId, o.PeriodKey)).ToHashSet();
            var batch = new List<(ProactiveOffer Offer, Candidate Candidate)>();
            foreach (var c in chunk)
            {
                if (!known.Add((c.Rule.Code, c.Recipient.PersonId, c.PeriodKey)))
                {
                    existing++;
                    continue;
                }

                var service = snapshot.Services[c.Rule.Service];
                var district = c.Recipient.ResidenceAreaCode is { Length: >= 6 } r && r.StartsWith("31", StringComparison.Ordinal) ? r[..6] : AreaCodes.City;
                var reason = new
                {
                    zh = OfferFacts.Fill(c.Rule.ExplanationZh, c.Facts, c.Amount, false),
                    en = OfferFacts.Fill(c.Rule.ExplanationEn, c.Facts, c.Amount, true),
                    matched = OfferFacts.Matched(c.Rule.When, c.Facts),
                    childBirthDate = c.Child?.BirthDate,
                };
                batch.Add((new ProactiveOffer
                {
                    RuleCode = c.Rule.Code, PersonId = c.Recipient.PersonId, SubjectPersonId = c.Child?.PersonId, PeriodKey = c.PeriodKey,
                    ServiceCode = service.Code, DepartmentCode = ApplicationService.DepartmentOf(service, district), Amount = c.Amount, Frequency = c.Rule.Frequency,
                    ReasonCipher = protector.Protect(JsonSerializer.Serialize(reason)), Status = OfferStatus.Offered, CreatedAt = now, ScanId = scanId,
                }, c));
            }

            if (batch.Count == 0)
            {
                continue;
            }

            db.AddRange(batch.Select(b => b.Offer));
            await db.SaveChangesAsync(ct);
            created.AddRange(batch.Select(b => b.Offer));
            await AnnounceAsync(actor, batch, ct);
        }

        return (created, existing);
    }

    private async Task AnnounceAsync(CurrentUser actor, List<(ProactiveOffer Offer, Candidate Candidate)> batch, CancellationToken ct)
    {
        var ids = batch.Select(b => b.Offer.PersonId).Distinct().ToList();
        var accounts = (await users.Users.Where(u => u.PersonId != null && ids.Contains(u.PersonId)).Select(u => new { u.Id, u.PersonId }).ToListAsync(ct))
            .GroupBy(u => u.PersonId!).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var messages = new List<Notification>();
        // The batch's ledger entries are queued together so the ledger commits them in one group, not one fsync each.
        var entries = new List<Task<long>>(batch.Count);
        foreach (var (offer, c) in batch)
        {
            var subjects = offer.SubjectPersonId is null ? new[] { offer.PersonId } : [offer.PersonId, offer.SubjectPersonId];
            entries.Add(ledger.AppendAsync(actor, new AuditRecord("govservices.offer.create", "govservices-offer", offer.Id.ToString(CultureInfo.InvariantCulture),
                RegistryFacts.Purpose, c.Rule.PolicyZh, $"rule={offer.RuleCode}; period={offer.PeriodKey}; department={offer.DepartmentCode}; amount={OfferFacts.Money(offer.Amount)}",
                subjects), CancellationToken.None));
            var subject = $"免申即享：{c.Rule.NameZh} Offer for you: {c.Rule.NameEn}";
            var body = $"根据登记信息，您可以不用申请直接享受{c.Rule.NameZh}。请在“免申即享”页面查看原因并确认。 You qualify for {c.Rule.NameEn} without applying; see why and confirm under Offers for you.";
            var key = "govservices-offer-" + offer.Id.ToString(CultureInfo.InvariantCulture);
            if (accounts.TryGetValue(offer.PersonId, out var userId))
            {
                messages.Add(new Notification(Channel.InApp, subject, body, userId, Link: "/portal/offers", DeduplicationKey: key));
            }
            else if (c.Recipient.Mobile is { } mobile)
            {
                messages.Add(new Notification(Channel.Sms, subject, $"【一网通办】您可免申即享{c.Rule.NameZh}，请登录一网通办“免申即享”确认。", Address: mobile, DeduplicationKey: key));
            }
        }

        await Task.WhenAll(entries);
        if (messages.Count > 0)
        {
            await notifier.EnqueueAsync(messages, CancellationToken.None);
        }
    }
}
