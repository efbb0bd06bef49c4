using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Org.BouncyCastle.Crypto;
using OneCity.Platform.Data;
using OneCity.Platform.Geography;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries.ELicences;
using OneCity.Platform.Registries.LegalEntities;
using OneCity.Platform.Registries.Population;
using OneCity.Platform.Registries.Properties;

namespace OneCity.Platform.Registries;

/// <summary>A resident as shown without a reason to see more: every personal value masked.</summary>
public sealed record PersonSummary(
    string Id, string Name, string IdNumber, string? Mobile, string Gender, int Age,
    string HukouDistrictCode, string ResidenceAreaCode, string MaritalStatus, string Status, bool Synthetic);

public sealed record FamilyMember(string PersonId, string Relation, string Name, int Age);

public sealed record PersonDetail(PersonSummary Person, string Address, IReadOnlyList<FamilyMember> Family);

/// <summary>A resident's full values, for callers with a lawful reason (they must record the read in the audit ledger).</summary>
public sealed record PersonRecord(
    string Id, string Name, string IdNumber, string? Mobile, string Address, Gender Gender, DateOnly BirthDate,
    string HukouDistrictCode, string ResidenceAreaCode, MaritalStatus MaritalStatus, PersonStatus Status, bool Synthetic,
    IReadOnlyList<(string PersonId, FamilyRelation Relation)> Family);

/// <summary>A resident's values as the data API reads them: personal fields in clear when asked for, otherwise null; no family links.</summary>
public sealed record PersonValues(
    string Id, string? Name, string? IdNumber, string? Mobile, string? Address, Gender Gender, DateOnly BirthDate,
    string HukouDistrictCode, string ResidenceAreaCode, MaritalStatus MaritalStatus, PersonStatus Status);

public sealed record LegalEntityView(
    string CreditCode, string Name, string Kind, string LegalRepresentativeId, string LegalRepresentativeName,
    string DistrictCode, string Address, DateOnly EstablishedOn, decimal RegisteredCapital, string Industry, string Status, bool Synthetic);

/// <summary>A property. <see cref="Address"/> is masked in <see cref="RegistryService.PropertiesOfAsync"/> and in clear in the <c>…PropertyRecord…</c> reads.</summary>
public sealed record PropertyView(string CertificateNumber, string DistrictCode, string Address, decimal FloorAreaSqm, string Use, DateOnly RegisteredOn, IReadOnlyList<PropertyOwnerView> Owners, bool Synthetic);

/// <summary>An owner: a person id (<see cref="OwnerKind"/> <c>Person</c>) or a credit code (<c>LegalEntity</c>).</summary>
public sealed record PropertyOwnerView(string OwnerId, decimal SharePercent, string OwnerKind);

/// <summary>An area of the geography registry or a unit grid, with its boundary as GeoJSON (WGS84).</summary>
public sealed record AreaView(string Code, string NameZh, string? NameEn, AreaLevel Level, string? ParentCode, bool Synthetic, string? GeometryJson);

public sealed record ELicenceView(
    string Id, string Type, string TypeNameZh, string TypeNameEn, string Number, string HolderKind, string HolderId,
    string IssuerDepartmentCode, DateOnly IssuedOn, DateOnly? ValidUntil, string Status, bool Synthetic);

public sealed record ELicenceVerification(string Id, bool SignatureValid, bool Current, string Status, string Type, string IssuerDepartmentCode, DateOnly IssuedOn, DateOnly? ValidUntil, string PublicKey);

/// <summary>
/// Reads the base registries. The masked views are safe to show; <see cref="GetRecordAsync"/> and
/// <see cref="RevealAsync"/> return full values and the caller must have a reason and record it.
/// This is the kernel's registry contract: DataHub serves it to other modules under grants.
/// </summary>
public sealed class RegistryService(PlatformDbContext db, PersonalDataProtector protector, ELicenceSigner signer, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>Finds people by exact identity number, mobile number or person id, within areas the caller may see.</summary>
    public async Task<(IReadOnlyList<PersonSummary> Items, int Total)> SearchPeopleAsync(
        string? query, string? areaCode, string jurisdiction, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<Person>().AsNoTracking();
        if (jurisdiction != Organisation.AreaCodes.City)
        {
            q = jurisdiction.Length <= 6
                ? q.Where(p => p.HukouDistrictCode == jurisdiction || p.ResidenceAreaCode.StartsWith(jurisdiction))
                : q.Where(p => p.ResidenceAreaCode.StartsWith(jurisdiction));
        }

        if (!string.IsNullOrWhiteSpace(areaCode))
        {
            q = areaCode.Length <= 6
                ? q.Where(p => p.HukouDistrictCode == areaCode || p.ResidenceAreaCode.StartsWith(areaCode))
                : q.Where(p => p.ResidenceAreaCode.StartsWith(areaCode));
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim();
            if (ResidentIdNumber.IsValid(term))
            {
                var index = protector.BlindIndex(ResidentIdNumber.Normalise(term));
                q = q.Where(p => p.IdNumberIndex == index);
            }
            else if (MobileNumber.Normalise(term) is { } mobile)
            {
                var index = protector.BlindIndex(mobile);
                q = q.Where(p => p.MobileIndex == index);
            }
            else
            {
                var id = term.ToUpperInvariant();
                q = q.Where(p => p.Id == id);
            }
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(Summary).ToList(), total);
    }

    public async Task<PersonDetail?> GetPersonAsync(string id, CancellationToken ct)
    {
        var person = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return null;
        }

        var family = await (from l in db.Set<FamilyLink>().AsNoTracking()
                            join p in db.Set<Person>().AsNoTracking() on l.RelatedPersonId equals p.Id
                            where l.PersonId == id
                            orderby l.Relation, p.Id
                            select new { l.RelatedPersonId, l.Relation, p.NameMasked, p.BirthDate }).ToListAsync(ct);
        return new PersonDetail(
            Summary(person),
            person.AddressMasked,
            family.Select(f => new FamilyMember(f.RelatedPersonId, f.Relation.ToString(), f.NameMasked, Population.Age.On(f.BirthDate, Today))).ToList());
    }

    /// <summary>A jurisdiction covers a person registered (hukou) in it or living in it.</summary>
    public static bool Covers(string jurisdiction, string hukouDistrict, string residenceArea) =>
        Organisation.AreaCodes.Covers(jurisdiction, residenceArea) || (jurisdiction.Length <= 6 && Organisation.AreaCodes.Covers(jurisdiction, hukouDistrict));

    /// <summary>Where the person lives and is registered, for jurisdiction checks.</summary>
    public async Task<(string Hukou, string Residence)?> GetAreasAsync(string id, CancellationToken ct)
    {
        var row = await db.Set<Person>().AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.HukouDistrictCode, p.ResidenceAreaCode }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.HukouDistrictCode, row.ResidenceAreaCode);
    }

    /// <summary>Decrypts the requested fields only.</summary>
    public async Task<IReadOnlyDictionary<string, string?>?> RevealAsync(string id, IReadOnlyCollection<string> fields, CancellationToken ct)
    {
        var person = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return null;
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            result[f] = f switch
            {
                RevealableFields.Name => protector.Unprotect(person.NameCipher),
                RevealableFields.IdNumber => protector.Unprotect(person.IdNumberCipher),
                RevealableFields.Mobile => protector.UnprotectOrNull(person.MobileCipher),
                RevealableFields.Address => protector.Unprotect(person.AddressCipher),
                _ => throw new ArgumentOutOfRangeException(nameof(fields), f, "Unknown field."),
            };
        }

        return result;
    }

    /// <summary>All of a person's values in clear. The caller records why in the audit ledger.</summary>
    public async Task<PersonRecord?> GetRecordAsync(string id, CancellationToken ct) => (await GetRecordsAsync([id], ct)).FirstOrDefault();

    /// <summary>Full records (decrypted) of these people, in the order asked, in two queries; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<PersonRecord>> GetRecordsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var people = await db.Set<Person>().AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, StringComparer.Ordinal, ct);
        var family = (await db.Set<FamilyLink>().AsNoTracking().Where(l => ids.Contains(l.PersonId))
            .OrderBy(l => l.Id).Select(l => new { l.PersonId, l.RelatedPersonId, l.Relation }).ToListAsync(ct)).ToLookup(l => l.PersonId, StringComparer.Ordinal);
        return ids.Where(people.ContainsKey).Select(id =>
        {
            var p = people[id];
            return new PersonRecord(
                p.Id, protector.Unprotect(p.NameCipher), protector.Unprotect(p.IdNumberCipher), protector.UnprotectOrNull(p.MobileCipher),
                protector.Unprotect(p.AddressCipher), p.Gender, p.BirthDate, p.HukouDistrictCode, p.ResidenceAreaCode, p.MaritalStatus, p.Status,
                p.Synthetic, family[id].Select(f => (f.RelatedPersonId, f.Relation)).ToList());
        }).ToList();
    }

    // A compiled query belongs to one model (one per provider, and per host in tests): compiled once per model.
    private static readonly ConditionalWeakTable<IModel, Func<PlatformDbContext, string, CancellationToken, Task<Person?>>> PersonById = [];

    /// <summary>
    /// Values of these people for the data API, in the order asked, in one query (no family links); the personal
    /// fields (<see cref="RevealableFields"/>) are decrypted only when named in <paramref name="reveal"/>, the others are null.
    /// The caller records the read in the audit ledger.
    /// </summary>
    public async Task<IReadOnlyList<PersonValues>> GetValuesAsync(IReadOnlyCollection<string> ids, IReadOnlySet<string> reveal, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        Dictionary<string, Person> people;
        if (ids.Count == 1)
        {
            // The data API's key lookup: a precompiled query skips LINQ translation and the query cache on every call.
            people = new Dictionary<string, Person>(1, StringComparer.Ordinal);
            var query = PersonById.GetValue(db.Model, static _ =>
                EF.CompileAsyncQuery((PlatformDbContext c, string id, CancellationToken _) => c.Set<Person>().AsNoTracking().FirstOrDefault(x => x.Id == id)));
            if (await query(db, ids.First(), ct) is { } one)
            {
                people[one.Id] = one;
            }
        }
        else
        {
            people = await db.Set<Person>().AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, StringComparer.Ordinal, ct);
        }

        var name = reveal.Contains(RevealableFields.Name);
        var idNumber = reveal.Contains(RevealableFields.IdNumber);
        var mobile = reveal.Contains(RevealableFields.Mobile);
        var address = reveal.Contains(RevealableFields.Address);
        var result = new List<PersonValues>(people.Count);
        foreach (var id in ids)
        {
            if (!people.TryGetValue(id, out var p))
            {
                continue;
            }

            result.Add(new PersonValues(
                p.Id,
                name ? protector.Unprotect(p.NameCipher) : null,
                idNumber ? protector.Unprotect(p.IdNumberCipher) : null,
                mobile ? protector.UnprotectOrNull(p.MobileCipher) : null,
                address ? protector.Unprotect(p.AddressCipher) : null,
                p.Gender, p.BirthDate, p.HukouDistrictCode, p.ResidenceAreaCode, p.MaritalStatus, p.Status));
        }

        return result;
    }

    /// <summary>The person id for an identity number, via the blind index.</summary>
    public async Task<string?> FindPersonIdAsync(string idNumber, CancellationToken ct)
    {
        if (!ResidentIdNumber.IsValid(idNumber))
        {
            return null;
        }

        var index = protector.BlindIndex(ResidentIdNumber.Normalise(idNumber));
        return await db.Set<Person>().AsNoTracking().Where(p => p.IdNumberIndex == index).Select(p => p.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<(IReadOnlyList<LegalEntityView> Items, int Total)> SearchEntitiesAsync(string? query, string? district, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<LegalEntity>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(district))
        {
            q = q.Where(e => e.DistrictCode == district);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim();
            q = q.Where(e => e.CreditCode == term.ToUpperInvariant() || e.Name.Contains(term));
        }

        var total = await q.CountAsync(ct);
        var rows = await (from e in q
                          join p in db.Set<Person>() on e.LegalRepresentativeId equals p.Id
                          orderby e.CreditCode
                          select new { e, p.NameMasked }).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(r => EntityView(r.e, r.NameMasked)).ToList(), total);
    }

    public async Task<LegalEntityView?> GetEntityAsync(string creditCode, CancellationToken ct)
    {
        var row = await (from e in db.Set<LegalEntity>().AsNoTracking()
                         join p in db.Set<Person>() on e.LegalRepresentativeId equals p.Id
                         where e.CreditCode == creditCode
                         select new { e, p.NameMasked }).FirstOrDefaultAsync(ct);
        return row is null ? null : EntityView(row.e, row.NameMasked);
    }

    /// <summary>Legal entities a person represents (a company representative acts for these).</summary>
    public async Task<IReadOnlyList<string>> EntitiesRepresentedByAsync(string personId, CancellationToken ct) =>
        await db.Set<LegalEntity>().AsNoTracking().Where(e => e.LegalRepresentativeId == personId).OrderBy(e => e.CreditCode).Select(e => e.CreditCode).ToListAsync(ct);

    /// <summary>Properties an owner holds, addresses masked.</summary>
    public async Task<IReadOnlyList<PropertyView>> PropertiesOfAsync(string ownerId, CancellationToken ct)
    {
        var numbers = db.Set<PropertyOwner>().Where(o => o.OwnerId == ownerId).Select(o => o.CertificateNumber);
        var rows = await db.Set<Property>().AsNoTracking().Include(p => p.Owners)
            .Where(p => numbers.Contains(p.CertificateNumber)).OrderBy(p => p.CertificateNumber).ToListAsync(ct);
        return await PropertyViewsAsync(rows, clearAddress: false, ct);
    }

    /// <summary>One property with its address in clear. The caller records why in the audit ledger.</summary>
    public async Task<PropertyView?> GetPropertyRecordAsync(string certificateNumber, CancellationToken ct)
    {
        var row = await db.Set<Property>().AsNoTracking().Include(p => p.Owners).FirstOrDefaultAsync(p => p.CertificateNumber == certificateNumber, ct);
        return row is null ? null : (await PropertyViewsAsync([row], clearAddress: true, ct))[0];
    }

    /// <summary>
    /// Properties by owner (person id or credit code) and district, within a jurisdiction (the property's district),
    /// addresses in clear. The caller records why in the audit ledger.
    /// </summary>
    public async Task<(IReadOnlyList<PropertyView> Items, int Total)> SearchPropertyRecordsAsync(
        string? ownerId, string? districtCode, string jurisdiction, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<Property>().AsNoTracking();
        if (jurisdiction != AreaCodes.City)
        {
            q = q.Where(p => p.DistrictCode.StartsWith(jurisdiction));
        }

        if (!string.IsNullOrWhiteSpace(districtCode))
        {
            q = q.Where(p => p.DistrictCode == districtCode);
        }

        if (!string.IsNullOrWhiteSpace(ownerId))
        {
            var numbers = db.Set<PropertyOwner>().Where(o => o.OwnerId == ownerId).Select(o => o.CertificateNumber);
            q = q.Where(p => numbers.Contains(p.CertificateNumber));
        }

        var total = await q.CountAsync(ct);
        var rows = await q.Include(p => p.Owners).OrderBy(p => p.CertificateNumber).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (await PropertyViewsAsync(rows, clearAddress: true, ct), total);
    }

    private async Task<List<PropertyView>> PropertyViewsAsync(List<Property> rows, bool clearAddress, CancellationToken ct)
    {
        var ownerIds = rows.SelectMany(p => p.Owners).Select(o => o.OwnerId).Distinct().ToList();
        var persons = (await db.Set<Person>().AsNoTracking().Where(p => ownerIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return rows.Select(p => new PropertyView(
            p.CertificateNumber, p.DistrictCode, clearAddress ? protector.Unprotect(p.AddressCipher) : p.AddressMasked, p.FloorAreaSqm, p.Use.ToString(), p.RegisteredOn,
            p.Owners.OrderBy(o => o.OwnerId, StringComparer.Ordinal)
                .Select(o => new PropertyOwnerView(o.OwnerId, o.SharePercent, persons.Contains(o.OwnerId) ? nameof(HolderKind.Person) : nameof(HolderKind.LegalEntity))).ToList(),
            p.Synthetic)).ToList();
    }

    public async Task<IReadOnlyList<ELicenceView>> LicencesOfAsync(string holderId, CancellationToken ct)
    {
        var rows = await db.Set<ELicence>().AsNoTracking().Where(l => l.HolderId == holderId)
            .OrderBy(l => l.TypeCode).ThenBy(l => l.IssuedOn).ToListAsync(ct);
        return rows.Select(LicenceView).ToList();
    }

    /// <summary>One e-licence (without its content), or null.</summary>
    public async Task<ELicenceView?> GetLicenceAsync(string id, CancellationToken ct)
    {
        var l = await db.Set<ELicence>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return l is null ? null : LicenceView(l);
    }

    /// <summary>
    /// E-licences by holder, type and status, within a jurisdiction: persons registered or living there (as
    /// <see cref="Covers"/>), legal entities registered in the district.
    /// </summary>
    public async Task<(IReadOnlyList<ELicenceView> Items, int Total)> SearchLicencesAsync(
        string? holderId, string? typeCode, ELicenceStatus? status, string jurisdiction, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<ELicence>().AsNoTracking();
        if (jurisdiction != AreaCodes.City)
        {
            var people = jurisdiction.Length <= 6
                ? db.Set<Person>().Where(p => p.HukouDistrictCode == jurisdiction || p.ResidenceAreaCode.StartsWith(jurisdiction)).Select(p => p.Id)
                : db.Set<Person>().Where(p => p.ResidenceAreaCode.StartsWith(jurisdiction)).Select(p => p.Id);
            var entities = db.Set<LegalEntity>().Where(e => e.DistrictCode.StartsWith(jurisdiction)).Select(e => e.CreditCode);
            q = q.Where(l => (l.HolderKind == HolderKind.Person && people.Contains(l.HolderId)) || (l.HolderKind == HolderKind.LegalEntity && entities.Contains(l.HolderId)));
        }

        if (!string.IsNullOrWhiteSpace(holderId))
        {
            q = q.Where(l => l.HolderId == holderId);
        }

        if (!string.IsNullOrWhiteSpace(typeCode))
        {
            q = q.Where(l => l.TypeCode == typeCode);
        }

        if (status is { } s)
        {
            q = q.Where(l => l.Status == s);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(l => l.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (rows.Select(LicenceView).ToList(), total);
    }

    /// <summary>
    /// Checks the SM2 signature over the stored licence and its currency. A licence whose stored content no longer
    /// decrypts (tampered ciphertext) is reported as not valid rather than failing.
    /// </summary>
    public async Task<ELicenceVerification?> VerifyLicenceAsync(string id, CancellationToken ct)
    {
        var l = await db.Set<ELicence>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null)
        {
            return null;
        }

        bool valid;
        try
        {
            var json = protector.Unprotect(l.DataCipher);
            valid = signer.Verify(ELicenceSigner.Payload(l.TypeCode, l.Number, l.HolderKind, l.HolderId, l.IssuerDepartmentCode, l.IssuedOn, l.ValidUntil, json), l.Signature);
        }
        catch (Exception ex) when (ex is FormatException or CryptoException)
        {
            valid = false;
        }

        var current = l.Status == ELicenceStatus.Valid && (l.ValidUntil is null || l.ValidUntil >= Today);
        return new ELicenceVerification(l.Id, valid, valid && current, l.Status.ToString(), l.TypeCode, l.IssuerDepartmentCode, l.IssuedOn, l.ValidUntil, signer.PublicKeyHex);
    }

    /// <summary>One area (6-, 9- or 12-digit code) or unit grid (grid id) with its boundary, or null.</summary>
    public async Task<AreaView?> GetAreaAsync(string code, CancellationToken ct)
    {
        var area = await db.Set<GeoArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (area is not null)
        {
            return AreaOf(area);
        }

        var grid = await db.Set<GeoGrid>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == code, ct);
        return grid is null ? null : GridOf(grid);
    }

    /// <summary>
    /// Areas and unit grids by level and parent (a grid's parent is its neighbourhood), within a jurisdiction (code
    /// prefix), ordered areas first, then grids, each by code.
    /// </summary>
    public async Task<(IReadOnlyList<AreaView> Items, int Total)> SearchAreasAsync(
        AreaLevel? level, string? parentCode, string jurisdiction, int page, int pageSize, CancellationToken ct)
    {
        var areas = db.Set<GeoArea>().AsNoTracking();
        var grids = db.Set<GeoGrid>().AsNoTracking();
        if (jurisdiction != AreaCodes.City)
        {
            areas = areas.Where(a => a.Code.StartsWith(jurisdiction));
            grids = grids.Where(g => g.Id.StartsWith(jurisdiction));
        }

        if (level is { } l)
        {
            areas = areas.Where(a => a.Level == l);
        }

        if (!string.IsNullOrWhiteSpace(parentCode))
        {
            areas = areas.Where(a => a.ParentCode == parentCode);
            grids = grids.Where(g => g.NeighbourhoodCode == parentCode);
        }

        var areaTotal = level is AreaLevel.Grid ? 0 : await areas.CountAsync(ct);
        var gridTotal = level is null or AreaLevel.Grid ? await grids.CountAsync(ct) : 0;
        var skip = (page - 1) * pageSize;
        var items = new List<AreaView>();
        if (skip < areaTotal)
        {
            items.AddRange((await areas.OrderBy(a => a.Code).Skip(skip).Take(pageSize).ToListAsync(ct)).Select(AreaOf));
        }

        if (items.Count < pageSize && gridTotal > 0)
        {
            var gridRows = await grids.OrderBy(g => g.Id).Skip(Math.Max(0, skip - areaTotal)).Take(pageSize - items.Count).ToListAsync(ct);
            items.AddRange(gridRows.Select(GridOf));
        }

        return (items, areaTotal + gridTotal);
    }

    private static AreaView AreaOf(GeoArea a) => new(a.Code, a.NameZh, a.NameEn, a.Level, a.ParentCode, a.Synthetic, a.GeometryJson);

    private static AreaView GridOf(GeoGrid g) =>
        new(g.Id, g.Id, null, AreaLevel.Grid, g.NeighbourhoodCode, true, GeoJson.Write(GridLattice.Cell(g.Row, g.Col, GeoJson.Factory)));

    /// <summary>
    /// Issues a new e-licence (GovServices calls this when a department completes a step). Idempotent per type and
    /// number: issuing the same number again, after a failure or concurrently, returns the licence already issued to
    /// that holder instead of a second one.
    /// </summary>
    public async Task<ELicenceView> IssueLicenceAsync(string typeCode, string number, HolderKind holderKind, string holderId, string issuerDepartmentCode, string dataJson, CancellationToken ct)
    {
        var type = ELicenceTypes.Find(typeCode) ?? throw new ArgumentException($"Unknown e-licence type {typeCode}.", nameof(typeCode));
        if (await IssuedAsync(typeCode, number, holderId, ct) is { } already)
        {
            return already;
        }

        var issued = Today;
        DateOnly? until = type.ValidYears is { } y ? issued.AddYears(y) : null;
        var licence = new ELicence
        {
            Id = "EL" + Guid.CreateVersion7().ToString("N")[..16].ToUpperInvariant(),
            TypeCode = typeCode, Number = number, HolderKind = holderKind, HolderId = holderId,
            IssuerDepartmentCode = issuerDepartmentCode, IssuedOn = issued, ValidUntil = until,
            DataCipher = protector.Protect(dataJson),
            Signature = signer.Sign(ELicenceSigner.Payload(typeCode, number, holderKind, holderId, issuerDepartmentCode, issued, until, dataJson)),
        };
        db.Set<ELicence>().Add(licence);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (type, number) index: a concurrent call issued it first.
            db.Entry(licence).State = EntityState.Detached;
            return await IssuedAsync(typeCode, number, holderId, ct) ?? throw new InvalidOperationException($"E-licence {typeCode} {number} could not be issued.");
        }

        return LicenceView(licence);
    }

    private async Task<ELicenceView?> IssuedAsync(string typeCode, string number, string holderId, CancellationToken ct)
    {
        var existing = await db.Set<ELicence>().AsNoTracking().FirstOrDefaultAsync(l => l.TypeCode == typeCode && l.Number == number, ct);
        return existing is null ? null
            : existing.HolderId == holderId ? LicenceView(existing)
            : throw new InvalidOperationException($"E-licence {typeCode} {number} belongs to another holder.");
    }

    private static ELicenceView LicenceView(ELicence l)
    {
        var t = ELicenceTypes.Find(l.TypeCode);
        return new ELicenceView(l.Id, l.TypeCode, t?.NameZh ?? l.TypeCode, t?.NameEn ?? l.TypeCode, l.Number, l.HolderKind.ToString(), l.HolderId,
            l.IssuerDepartmentCode, l.IssuedOn, l.ValidUntil, l.Status.ToString(), l.Synthetic);
    }

    private static LegalEntityView EntityView(LegalEntity e, string repNameMasked) => new(
        e.CreditCode, e.Name, e.Kind.ToString(), e.LegalRepresentativeId, repNameMasked, e.DistrictCode, e.Address,
        e.EstablishedOn, e.RegisteredCapital, e.Industry, e.Status.ToString(), e.Synthetic);

    private PersonSummary Summary(Person p) => new(
        p.Id, p.NameMasked, p.IdNumberMasked, p.MobileMasked, p.Gender.ToString(), Population.Age.On(p.BirthDate, Today),
        p.HukouDistrictCode, p.ResidenceAreaCode, p.MaritalStatus.ToString(), p.Status.ToString(), p.Synthetic);
}

/// <summary>Fields whose full value can be revealed with a purpose.</summary>
public static class RevealableFields
{
    public const string Name = "name";
    public const string IdNumber = "idNumber";
    public const string Mobile = "mobile";
    public const string Address = "address";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Name, IdNumber, Mobile, Address };
}
