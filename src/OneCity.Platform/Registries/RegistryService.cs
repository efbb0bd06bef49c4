using Microsoft.EntityFrameworkCore;
using OneCity.Platform.Data;
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

public sealed record LegalEntityView(
    string CreditCode, string Name, string Kind, string LegalRepresentativeId, string LegalRepresentativeName,
    string DistrictCode, string Address, DateOnly EstablishedOn, decimal RegisteredCapital, string Industry, string Status, bool Synthetic);

public sealed record PropertyView(string CertificateNumber, string DistrictCode, string Address, decimal FloorAreaSqm, string Use, DateOnly RegisteredOn, IReadOnlyList<PropertyOwnerView> Owners, bool Synthetic);

public sealed record PropertyOwnerView(string OwnerId, decimal SharePercent);

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
            family.Select(f => new FamilyMember(f.RelatedPersonId, f.Relation.ToString(), f.NameMasked, Age(f.BirthDate))).ToList());
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
    public async Task<PersonRecord?> GetRecordAsync(string id, CancellationToken ct)
    {
        var p = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }

        var family = await db.Set<FamilyLink>().AsNoTracking().Where(l => l.PersonId == id)
            .OrderBy(l => l.Id).Select(l => new { l.RelatedPersonId, l.Relation }).ToListAsync(ct);
        return new PersonRecord(
            p.Id, protector.Unprotect(p.NameCipher), protector.Unprotect(p.IdNumberCipher), protector.UnprotectOrNull(p.MobileCipher),
            protector.Unprotect(p.AddressCipher), p.Gender, p.BirthDate, p.HukouDistrictCode, p.ResidenceAreaCode, p.MaritalStatus, p.Status,
            p.Synthetic, family.Select(f => (f.RelatedPersonId, f.Relation)).ToList());
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

    public async Task<IReadOnlyList<PropertyView>> PropertiesOfAsync(string ownerId, CancellationToken ct)
    {
        var numbers = db.Set<PropertyOwner>().Where(o => o.OwnerId == ownerId).Select(o => o.CertificateNumber);
        var rows = await db.Set<Property>().AsNoTracking().Include(p => p.Owners)
            .Where(p => numbers.Contains(p.CertificateNumber)).OrderBy(p => p.CertificateNumber).ToListAsync(ct);
        return rows.Select(p => new PropertyView(
            p.CertificateNumber, p.DistrictCode, p.AddressMasked, p.FloorAreaSqm, p.Use.ToString(), p.RegisteredOn,
            p.Owners.OrderBy(o => o.OwnerId).Select(o => new PropertyOwnerView(o.OwnerId, o.SharePercent)).ToList(), p.Synthetic)).ToList();
    }

    public async Task<IReadOnlyList<ELicenceView>> LicencesOfAsync(string holderId, CancellationToken ct)
    {
        var rows = await db.Set<ELicence>().AsNoTracking().Where(l => l.HolderId == holderId)
            .OrderBy(l => l.TypeCode).ThenBy(l => l.IssuedOn).ToListAsync(ct);
        return rows.Select(LicenceView).ToList();
    }

    public async Task<ELicenceVerification?> VerifyLicenceAsync(string id, CancellationToken ct)
    {
        var l = await db.Set<ELicence>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null)
        {
            return null;
        }

        var json = protector.Unprotect(l.DataCipher);
        var valid = signer.Verify(ELicenceSigner.Payload(l.TypeCode, l.Number, l.HolderKind, l.HolderId, l.IssuerDepartmentCode, l.IssuedOn, l.ValidUntil, json), l.Signature);
        var current = l.Status == ELicenceStatus.Valid && (l.ValidUntil is null || l.ValidUntil >= Today);
        return new ELicenceVerification(l.Id, valid, valid && current, l.Status.ToString(), l.TypeCode, l.IssuerDepartmentCode, l.IssuedOn, l.ValidUntil, signer.PublicKeyHex);
    }

    /// <summary>Issues a new e-licence (GovServices calls this when a department completes a step).</summary>
    public async Task<ELicenceView> IssueLicenceAsync(string typeCode, string number, HolderKind holderKind, string holderId, string issuerDepartmentCode, string dataJson, CancellationToken ct)
    {
        var type = ELicenceTypes.Find(typeCode) ?? throw new ArgumentException($"Unknown e-licence type {typeCode}.", nameof(typeCode));
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
        await db.SaveChangesAsync(ct);
        return LicenceView(licence);
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
        p.Id, p.NameMasked, p.IdNumberMasked, p.MobileMasked, p.Gender.ToString(), Age(p.BirthDate),
        p.HukouDistrictCode, p.ResidenceAreaCode, p.MaritalStatus.ToString(), p.Status.ToString(), p.Synthetic);

    private int Age(DateOnly birth)
    {
        var today = Today;
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }
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
