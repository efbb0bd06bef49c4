using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.Platform.Data;
using OneCity.Platform.Organisation;
using OneCity.Platform.PersonalData;
using OneCity.Platform.Registries.ELicences;
using OneCity.Platform.Registries.LegalEntities;
using OneCity.Platform.Registries.Population;
using OneCity.Platform.Registries.Properties;

namespace OneCity.Platform.Registries;

/// <summary>
/// The demo city's synthetic base registries: about 10,000 residents in households, companies, properties and
/// e-licences. Generated from a fixed seed so every installation gets the same people, their ages counted back from the
/// day the demo city is first loaded (so the demo family's newborn is a newborn whenever it is loaded); every record is marked
/// synthetic. Identity numbers have valid GB 11643 check characters but belong to nobody: the sequence codes used
/// are drawn from the generator, not from any real register.
/// </summary>
public static class DemoResidents
{
    /// <summary>The person the demo <c>citizen</c> account belongs to (张伟, Huangpu).</summary>
    public const string CitizenPersonId = "P00000001";

    /// <summary>The person the demo <c>company</c> account belongs to (刘洋, legal representative of the demo company).</summary>
    public const string CompanyRepresentativePersonId = "P00000002";

    /// <summary>The demo company's credit code.</summary>
    public static string DemoCompanyCreditCode { get; } = MakeCreditCode("310101", "MA1QC0001");

    public const int TargetPopulation = 10_000;
    private const int Seed = 20_261_128;

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "萧", "田", "董", "潘", "袁", "蔡", "蒋", "余"];

    private static readonly string[] GivenChars =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "建", "文", "斌", "宇", "浩", "凯", "晨", "欣", "怡", "佳", "思", "雨", "子", "梓", "轩", "涵", "睿", "诗", "嘉", "俊", "琳"];

    private static readonly string[] Roads =
        ["南京东路", "南京西路", "淮海中路", "四川北路", "西藏中路", "延安西路", "肇嘉浜路", "漕溪北路", "天山路", "长宁路", "武宁路", "曹杨路", "大连路", "控江路", "黄兴路", "莘庄路", "七莘路", "共康路", "牡丹江路", "博乐路", "世纪大道", "张杨路", "浦东南路", "卫清路", "人民路", "中山路", "公园路", "华新路", "南桥路", "八一路"];

    private static readonly string[] Industries = ["软件和信息技术服务业", "批发业", "零售业", "餐饮业", "商务服务业", "科技推广和应用服务业", "道路运输业", "房地产业", "建筑装饰业", "居民服务业"];

    private static readonly string[] CompanyWords = ["浦江", "申城", "明珠", "东方", "金桥", "外滩", "静安", "徐汇", "长风", "滨江", "华信", "联创", "智城", "云帆", "海纳", "启航"];

    private static readonly string[] CompanyKinds = ["科技有限公司", "贸易有限公司", "餐饮管理有限公司", "信息技术有限公司", "文化传播有限公司", "建筑装饰工程有限公司", "物流有限公司"];

    /// <summary>Other provinces' area codes for residents born elsewhere (新上海人).</summary>
    private static readonly string[] BirthPlacesElsewhere = ["320102", "330106", "340104", "110105", "420106", "510107", "370102", "410105", "430103", "350102"];

    internal static async Task LoadAsync(PlatformDbContext db, IServiceProvider services, CancellationToken ct)
    {
        if (await db.Set<Person>().AnyAsync(ct))
        {
            return;
        }

        var protector = services.GetRequiredService<PersonalDataProtector>();
        var signer = services.GetRequiredService<ELicenceSigner>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var data = Generate(protector, signer, now);

        var previous = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var chunk in data.People.Chunk(2000))
            {
                db.Set<Person>().AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            foreach (var chunk in data.Links.Chunk(4000))
            {
                db.Set<FamilyLink>().AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            db.Set<LegalEntity>().AddRange(data.Entities);
            db.Set<Property>().AddRange(data.Properties);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            foreach (var chunk in data.Licences.Chunk(2000))
            {
                db.Set<ELicence>().AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await tx.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = previous;
        }
    }

    internal sealed record Population(List<Person> People, List<FamilyLink> Links, List<LegalEntity> Entities, List<Property> Properties, List<ELicence> Licences);

    private sealed record Draft(string Id, string Name, string IdNumber, string? Mobile, string Address, Gender Gender, DateOnly Birth, string Hukou, string Residence, MaritalStatus Marital);

    internal static Population Generate(PersonalDataProtector protector, ELicenceSigner signer, DateTimeOffset now)
    {
        var rng = new Random(Seed);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var neighbourhoods = DemoFiles.ReadCsv("shanghai_neighbourhoods.csv")
            .GroupBy(r => r[5]).ToDictionary(g => g.Key, g => g.Select(r => r[0]).ToArray());
        var districts = ShanghaiDistricts.All.Where(d => neighbourhoods.ContainsKey(d.Code)).ToArray();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var drafts = new List<Draft>(TargetPopulation + 8);
        var links = new List<FamilyLink>();
        var households = new List<List<Draft>>();
        var seq = 0;

        string NextPersonId() => "P" + (++seq).ToString("D8", CultureInfo.InvariantCulture);

        string IdNumber(string area, DateOnly birth, Gender gender)
        {
            while (true)
            {
                var order = rng.Next(0, 100) * 10 + (gender == Gender.Male ? rng.Next(0, 5) * 2 + 1 : rng.Next(0, 5) * 2);
                var first17 = area + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (order % 1000).ToString("D3", CultureInfo.InvariantCulture);
                var id = first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
                if (usedIds.Add(id))
                {
                    return id;
                }
            }
        }

        string Name(string? surname = null) =>
            (surname ?? Surnames[rng.Next(Surnames.Length)]) + GivenChars[rng.Next(GivenChars.Length)] + (rng.Next(3) == 0 ? "" : GivenChars[rng.Next(GivenChars.Length)]);

        string Mobile() => "1" + "3456789"[rng.Next(7)] + rng.Next(0, 10).ToString(CultureInfo.InvariantCulture) + rng.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

        DateOnly Birth(int minAge, int maxAge)
        {
            var age = rng.Next(minAge, maxAge + 1);
            return today.AddYears(-age).AddDays(-rng.Next(0, 365));
        }

        Draft MakePerson(string id, string name, Gender gender, DateOnly birth, string hukou, string residence, string address, MaritalStatus marital)
        {
            var birthArea = rng.Next(5) == 0 ? BirthPlacesElsewhere[rng.Next(BirthPlacesElsewhere.Length)] : hukou;
            var adult = birth.AddYears(16) <= today;
            return new Draft(id, name, IdNumber(birthArea, birth, gender), adult ? Mobile() : null, address, gender, birth, hukou, residence, marital);
        }

        void Link(Draft a, Draft b, FamilyRelation aToB, FamilyRelation bToA)
        {
            links.Add(new FamilyLink { PersonId = a.Id, RelatedPersonId = b.Id, Relation = aToB });
            links.Add(new FamilyLink { PersonId = b.Id, RelatedPersonId = a.Id, Relation = bToA });
        }

        // The demo accounts' people come first, with fixed facts the journeys rely on.
        var huangpu = neighbourhoods["310101"];
        var demoAddress = "黄浦区南京东路街道云南中路88弄3号602室";
        var zhangWei = MakePerson(NextPersonId(), "张伟", Gender.Male, new DateOnly(1990, 5, 12), "310101", huangpu[0], demoAddress, MaritalStatus.Married);
        var liuYang = MakePerson(NextPersonId(), "刘洋", Gender.Male, new DateOnly(1985, 11, 3), "310104", neighbourhoods["310104"][0], "徐汇区天平路街道天平路120号1201室", MaritalStatus.Married);
        var liNa = MakePerson(NextPersonId(), "李娜", Gender.Female, new DateOnly(1992, 8, 21), "310101", huangpu[0], demoAddress, MaritalStatus.Married);
        drafts.AddRange([zhangWei, liuYang, liNa]);
        Link(zhangWei, liNa, FamilyRelation.Spouse, FamilyRelation.Spouse);
        households.Add([zhangWei, liNa]);
        households.Add([liuYang]);

        while (drafts.Count < TargetPopulation)
        {
            var district = districts[rng.Next(districts.Length)];
            var pool = neighbourhoods[district.Code];
            var residence = pool[rng.Next(pool.Length)];
            var address = $"{district.NameZh}{Roads[rng.Next(Roads.Length)]}{rng.Next(1, 2000)}弄{rng.Next(1, 40)}号{rng.Next(1, 30)}{rng.Next(1, 5):D2}室";
            var kind = rng.Next(10);
            var household = new List<Draft>();
            if (kind < 6)
            {
                // A couple, possibly with children.
                var husbandSurname = Surnames[rng.Next(Surnames.Length)];
                var husband = MakePerson(NextPersonId(), Name(husbandSurname), Gender.Male, Birth(24, 80), district.Code, residence, address, MaritalStatus.Married);
                var wifeAge = Math.Clamp(today.Year - husband.Birth.Year + rng.Next(-5, 3), 22, 85);
                var wife = MakePerson(NextPersonId(), Name(), Gender.Female, Birth(wifeAge, wifeAge), district.Code, residence, address, MaritalStatus.Married);
                Link(husband, wife, FamilyRelation.Spouse, FamilyRelation.Spouse);
                household.AddRange([husband, wife]);
                var motherAge = today.Year - wife.Birth.Year;
                var children = motherAge < 50 ? rng.Next(0, 3) : rng.Next(0, 2);
                for (var c = 0; c < children && motherAge > 22; c++)
                {
                    var childAge = rng.Next(0, Math.Min(motherAge - 21, 30));
                    var gender = rng.Next(2) == 0 ? Gender.Male : Gender.Female;
                    var child = MakePerson(NextPersonId(), Name(husbandSurname), gender, Birth(childAge, childAge), district.Code, residence, address, MaritalStatus.Unmarried);
                    Link(husband, child, FamilyRelation.Child, FamilyRelation.Parent);
                    Link(wife, child, FamilyRelation.Child, FamilyRelation.Parent);
                    household.Add(child);
                }
            }
            else
            {
                var gender = rng.Next(2) == 0 ? Gender.Male : Gender.Female;
                var age = kind < 8 ? rng.Next(18, 40) : rng.Next(60, 95);
                var marital = kind < 8 ? MaritalStatus.Unmarried : (MaritalStatus)rng.Next(2, 4);
                household.Add(MakePerson(NextPersonId(), Name(), gender, Birth(age, age), district.Code, residence, address, marital));
            }

            drafts.AddRange(household);
            households.Add(household);
        }

        var people = drafts.Select(d => new Person
        {
            Id = d.Id,
            NameCipher = protector.Protect(d.Name),
            NameMasked = Masking.Name(d.Name),
            IdNumberCipher = protector.Protect(d.IdNumber),
            IdNumberMasked = Masking.IdNumber(d.IdNumber),
            IdNumberIndex = protector.BlindIndex(d.IdNumber),
            MobileCipher = protector.ProtectOrNull(d.Mobile),
            MobileMasked = d.Mobile is null ? null : Masking.Mobile(d.Mobile),
            MobileIndex = d.Mobile is null ? null : protector.BlindIndex(d.Mobile),
            AddressCipher = protector.Protect(d.Address),
            AddressMasked = Masking.Address(d.Address),
            Gender = d.Gender,
            BirthDate = d.Birth,
            HukouDistrictCode = d.Hukou,
            ResidenceAreaCode = d.Residence,
            MaritalStatus = d.Marital,
            Status = PersonStatus.Alive,
            Synthetic = true,
            UpdatedAt = now,
        }).ToList();

        // Companies: the demo company first, then a few hundred more with adult legal representatives.
        var adults = drafts.Where(d => d.Birth.AddYears(22) <= today && d.Birth.AddYears(70) >= today).ToArray();
        var entities = new List<LegalEntity>
        {
            new()
            {
                CreditCode = DemoCompanyCreditCode, Name = "上海一网通城科技有限公司", Kind = LegalEntityKind.LimitedCompany,
                LegalRepresentativeId = liuYang.Id, DistrictCode = "310101", Address = "黄浦区中山东一路18号5楼",
                EstablishedOn = new DateOnly(2019, 3, 15), RegisteredCapital = 500m, Industry = "软件和信息技术服务业", Synthetic = true,
            },
        };
        var usedCodes = new HashSet<string>(StringComparer.Ordinal) { DemoCompanyCreditCode };
        var usedNames = new HashSet<string>(StringComparer.Ordinal) { entities[0].Name };
        while (entities.Count < 800)
        {
            var district = districts[rng.Next(districts.Length)];
            var name = $"上海{CompanyWords[rng.Next(CompanyWords.Length)]}{GivenChars[rng.Next(GivenChars.Length)]}{GivenChars[rng.Next(GivenChars.Length)]}{CompanyKinds[rng.Next(CompanyKinds.Length)]}";
            var code = MakeCreditCode(district.Code, RandomOrgCode(rng));
            if (!usedNames.Add(name) || !usedCodes.Add(code))
            {
                continue;
            }

            entities.Add(new LegalEntity
            {
                CreditCode = code, Name = name, Kind = rng.Next(6) == 0 ? LegalEntityKind.IndividualBusiness : LegalEntityKind.LimitedCompany,
                LegalRepresentativeId = adults[rng.Next(adults.Length)].Id, DistrictCode = district.Code,
                Address = $"{district.NameZh}{Roads[rng.Next(Roads.Length)]}{rng.Next(1, 3000)}号{rng.Next(1, 30)}楼",
                EstablishedOn = today.AddDays(-rng.Next(30, 365 * 25)), RegisteredCapital = rng.Next(1, 2000) * 10m,
                Industry = Industries[rng.Next(Industries.Length)], Synthetic = true,
            });
        }

        // Properties: most couples own their home jointly.
        var properties = new List<Property>();
        var propertySeq = 0;
        foreach (var household in households)
        {
            var owners = household.Where(d => d.Marital == MaritalStatus.Married || household.Count == 1).Where(d => d.Birth.AddYears(22) <= today).ToList();
            if (owners.Count == 0 || (rng.Next(10) >= 7 && household[0].Id != CitizenPersonId))
            {
                continue;
            }

            var head = owners[0];
            var year = Math.Max(2016, today.Year - rng.Next(0, 10));
            var districtName = ShanghaiDistricts.Find(head.Hukou)!.NameZh;
            var number = $"沪({year}){districtName}不动产权第{++propertySeq:D7}号";
            properties.Add(new Property
            {
                CertificateNumber = number, DistrictCode = head.Hukou,
                AddressCipher = protector.Protect(head.Address), AddressMasked = Masking.Address(head.Address),
                FloorAreaSqm = Math.Round((decimal)(35 + rng.NextDouble() * 120), 2), Use = PropertyUse.Residential,
                RegisteredOn = new DateOnly(year, rng.Next(1, 13), rng.Next(1, 29)), Synthetic = true,
                Owners = owners.Select(o => new PropertyOwner { CertificateNumber = number, OwnerId = o.Id, SharePercent = Math.Round(100m / owners.Count, 2) }).ToList(),
            });
        }

        // E-licences for the first households (signing every licence of 10,000 people would make the first start slow).
        var licences = new List<ELicence>();
        var licenceSeq = 0;
        ELicence Issue(string type, string number, HolderKind kind, string holder, string issuer, DateOnly issued, object data)
        {
            var t = ELicenceTypes.Find(type)!;
            var json = JsonSerializer.Serialize(data);
            DateOnly? until = t.ValidYears is { } y ? issued.AddYears(y) : null;
            return new ELicence
            {
                Id = "EL" + (++licenceSeq).ToString("D8", CultureInfo.InvariantCulture), TypeCode = type, Number = number,
                HolderKind = kind, HolderId = holder, IssuerDepartmentCode = issuer, IssuedOn = issued, ValidUntil = until,
                DataCipher = protector.Protect(json),
                Signature = signer.Sign(ELicenceSigner.Payload(type, number, kind, holder, issuer, issued, until, json)),
                Synthetic = true,
            };
        }

        var byId = drafts.ToDictionary(d => d.Id);
        foreach (var household in households.Take(300))
        {
            var head = household[0];
            licences.Add(Issue(ELicenceTypes.HukouBooklet, $"HK{head.Hukou}{licences.Count:D7}", HolderKind.Person, head.Id, $"{head.Hukou}-GA",
                new DateOnly(2015, 1, 1), new { head = head.Name, members = household.Select(m => new { m.Name, m.IdNumber }).ToArray(), address = head.Address }));
            foreach (var m in household)
            {
                if (m.Birth.AddYears(16) <= today)
                {
                    var issued = new DateOnly(Math.Max(m.Birth.Year + 16, today.Year - 15), 6, 1);
                    licences.Add(Issue(ELicenceTypes.ResidentIdCard, m.IdNumber, HolderKind.Person, m.Id, $"{m.Hukou}-GA", issued,
                        new { name = m.Name, gender = m.Gender.ToString(), birth = m.Birth, idNumber = m.IdNumber, address = m.Address }));
                    licences.Add(Issue(ELicenceTypes.SocialSecurityCard, "SSC" + m.Id[1..], HolderKind.Person, m.Id, "SH-RS", issued,
                        new { name = m.Name, idNumber = m.IdNumber }));
                }

                if (m.Birth.AddYears(3) >= today)
                {
                    licences.Add(Issue(ELicenceTypes.BirthMedicalCertificate, "O31" + m.Id[1..], HolderKind.Person, m.Id, $"{m.Hukou}-WJ", m.Birth,
                        new { name = m.Name, gender = m.Gender.ToString(), birth = m.Birth }));
                }
            }

            if (household.Count >= 2 && household[0].Marital == MaritalStatus.Married)
            {
                var (a, b) = (household[0], household[1]);
                var wed = new DateOnly(Math.Max(a.Birth.Year, b.Birth.Year) + 24, 10, 1);
                foreach (var holder in new[] { a, b })
                {
                    licences.Add(Issue(ELicenceTypes.MarriageCertificate, $"J310{holder.Id[1..]}", HolderKind.Person, holder.Id, $"{a.Hukou}-MZ", wed,
                        new { husband = a.Name, husbandId = a.IdNumber, wife = b.Name, wifeId = b.IdNumber }));
                }
            }
        }

        foreach (var p in properties.Where(p => p.Owners.Any(o => byId.ContainsKey(o.OwnerId) && int.Parse(o.OwnerId[1..], CultureInfo.InvariantCulture) <= 800)))
        {
            foreach (var o in p.Owners)
            {
                licences.Add(Issue(ELicenceTypes.PropertyCertificate, p.CertificateNumber + "-" + o.OwnerId, HolderKind.Person, o.OwnerId, $"{p.DistrictCode}-GH", p.RegisteredOn,
                    new { certificate = p.CertificateNumber, owner = byId[o.OwnerId].Name, share = o.SharePercent, area = p.FloorAreaSqm, address = byId[o.OwnerId].Address }));
            }
        }

        foreach (var e in entities.Take(200))
        {
            licences.Add(Issue(ELicenceTypes.BusinessLicence, e.CreditCode, HolderKind.LegalEntity, e.CreditCode, $"{e.DistrictCode}-SJ", e.EstablishedOn,
                new { name = e.Name, creditCode = e.CreditCode, legalRepresentative = byId[e.LegalRepresentativeId].Name, address = e.Address, capital = e.RegisteredCapital, established = e.EstablishedOn }));
        }

        return new Population(people, links, entities, properties, licences);
    }

    private static string RandomOrgCode(Random rng)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        return string.Create(9, rng, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    private static string MakeCreditCode(string district, string orgCode)
    {
        var first17 = "91" + district + orgCode;
        return first17 + SocialCreditCode.ComputeCheckCharacter(first17);
    }
}
