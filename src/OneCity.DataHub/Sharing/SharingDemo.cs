using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneCity.DataHub.Catalogue;
using OneCity.DataHub.Contracts;
using OneCity.DataHub.Data;
using OneCity.Platform.Organisation;

namespace OneCity.DataHub.Sharing;

/// <summary>
/// Demo sharing: the population and legal-entity datasets (created only when the catalogue has not already made
/// them), two clients (市人社局 and the GovServices module) and their grants, including GovServices' statutory grants on
/// the catalogue's e-licence and property datasets. Idempotent.
/// </summary>
internal static class SharingDemo
{
    public const string Population = "SH-GA-population";
    public const string LegalEntities = "SH-SJ-legal-entities";

    /// <summary>Declared by the catalogue (<see cref="CatalogueDemo"/>); grants on them exist only when it has.</summary>
    public const string ELicences = "SH-DSJ-elicences";
    public const string Properties = "SH-GH-property";

    /// <summary>Demo-only client secrets, like the demo passwords: never use them outside the demo city.</summary>
    public const string RsClientId = "onecity-demo-sh-rs";
    public const string RsClientSecret = "OneCity-demo-client-RS-1";
    public const string GovServicesClientSecret = "OneCity-demo-client-GOV-1";

    /// <summary>GovServices acts for the Administrative Service Centre (一网通办 is run by it).</summary>
    public const string GovServicesDepartment = "SH-XZFW";

    public const string RsPurpose = "social-insurance-enrolment";
    public const string GovServicesPurpose = "govservices-prefill";

    public static async Task LoadAsync(DataHubDbContext db, IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        await EnsureDatasetsAsync(db, now, ct);

        var clients = services.GetRequiredService<ClientRegistry>();
        if (!await db.Set<DataClient>().AnyAsync(c => c.ClientId == RsClientId, ct))
        {
            await clients.RegisterAsync(CurrentUser.System, new ClientInput("SH-RS", "市人社局 社保经办系统 (demo)"), RsClientId, RsClientSecret, ct);
        }

        if (!await db.Set<DataClient>().AnyAsync(c => c.ClientId == DataHubClients.GovServices, ct))
        {
            await clients.RegisterAsync(CurrentUser.System, new ClientInput(GovServicesDepartment, "一网通办 GovServices module"), DataHubClients.GovServices, GovServicesClientSecret, ct);
        }

        var today = SharingService.DayOf(now);
        var from = SharingService.StartOf(today.AddDays(-1));
        var to = SharingService.StartOf(today.AddYears(1));
        await EnsureGrantAsync(db, "SH-RS", Population, RsPurpose, "personId,name,idNumber,gender,birthDate,hukouDistrictCode,residenceAreaCode", "name,idNumber",
            "《中华人民共和国社会保险法》第五十八条（参保登记）", from, to, now, ct);
        await EnsureGrantAsync(db, "SH-RS", LegalEntities, "employer-registration", "creditCode,name,kind,districtCode,status,industry", "",
            "《社会保险费征缴暂行条例》第七条（用人单位登记）", from, to, now, ct);
        await EnsureGrantAsync(db, GovServicesDepartment, Population, GovServicesPurpose,
            "personId,name,idNumber,mobile,address,gender,birthDate,hukouDistrictCode,residenceAreaCode,maritalStatus", "name,idNumber,mobile,address,gender,birthDate,hukouDistrictCode,residenceAreaCode,maritalStatus",
            "《优化营商环境条例》第三十七条、《上海市数据条例》第三十八条（政务服务数据共享、减证便民）", from, to, now, ct);
        await EnsureGrantAsync(db, GovServicesDepartment, LegalEntities, GovServicesPurpose,
            "creditCode,name,kind,legalRepresentativeId,legalRepresentativeName,districtCode,address,establishedOn,registeredCapital,industry,status", "address",
            "《优化营商环境条例》第三十七条（政务服务数据共享）", from, to, now, ct);

        // E-licences as exempt materials (免提交): which valid licences of which type the applicant holds. The
        // licence id identifies and verifies it; number and holder stay masked (GovServices filters by the applicant).
        await EnsureGrantAsync(db, GovServicesDepartment, ELicences, GovServicesPurpose,
            "id,typeCode,number,holderKind,holderId,issuerDepartmentCode,issuedOn,validUntil,status", "",
            "《国务院关于在线政务服务的若干规定》（电子证照可作为办理政务服务事项的依据）、《上海市数据条例》（政务服务数据共享、减证便民）", from, to, now, ct);
        await EnsureGrantAsync(db, GovServicesDepartment, Properties, GovServicesPurpose,
            "certificateNumber,districtCode,address,floorAreaSqm,use,ownerIds", "address",
            "《不动产登记暂行条例》（不动产登记信息共享）、《优化营商环境条例》第三十七条（政务服务数据共享）", from, to, now, ct);

        // A use without a statutory basis: the health commission contacts residents about family-doctor contracts
        // only when they have consented (PIPL art. 13(1)); citizens give and withdraw it on their data-tracker page.
        await EnsureGrantAsync(db, "SH-WJ", Population, FamilyDoctorPurpose, "personId,name,mobile,address,birthDate", "name,mobile,address",
            "经本人同意：家庭医生签约服务的联系与上门随访 / With the resident's consent: contact and home visits for a family-doctor contract", from, to, now, ct,
            LegalBasisKind.Consent);
    }

    public const string FamilyDoctorPurpose = "family-doctor-contract";

    private static async Task EnsureGrantAsync(DataHubDbContext db, string grantee, string dataset, string purpose, string fields, string clear, string basis,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct, LegalBasisKind kind = LegalBasisKind.Statutory)
    {
        if (await db.Set<Grant>().AnyAsync(g => g.GranteeDepartmentCode == grantee && g.DatasetCode == dataset && g.PurposeCode == purpose, ct))
        {
            return;
        }

        // Use only fields the catalogue's schema has (the catalogue may define the dataset itself).
        var known = await db.Set<DatasetField>().Where(f => f.DatasetCode == dataset).Select(f => f.Name).ToListAsync(ct);
        if (known.Count == 0)
        {
            return;
        }

        db.Add(new Grant
        {
            DatasetCode = dataset, GranteeDepartmentCode = grantee,
            Fields = string.Join(',', Grant.Split(fields).Where(known.Contains)),
            ClearFields = string.Join(',', Grant.Split(clear).Where(known.Contains)),
            PurposeCode = purpose, LegalBasisKind = kind, LegalBasis = basis,
            ValidFrom = from, ValidTo = to, RateLimitPerMinute = 60_000, Status = GrantStatus.Active, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private static async Task EnsureDatasetsAsync(DataHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Set<Dataset>().AnyAsync(d => d.Code == Population, ct))
        {
            db.Add(new Dataset
            {
                Code = Population, TitleZh = "实有人口基础信息", TitleEn = "Population base information",
                DescriptionZh = "人口综合库基础信息，按授权字段共享。", DescriptionEn = "Base records of the population registry, shared by granted fields.",
                OwnerDepartmentCode = "SH-GA", SourceSystem = "人口综合库", UpdateFrequency = UpdateFrequency.RealTime, Level = DataLevel.Important,
                SharingType = SharingType.Conditional, OpenType = OpenType.NotOpen, Source = DatasetSource.PopulationRegistry, KeyField = "personId",
                Keywords = "人口,户籍,population,residents", Theme = "人口", DataUpdatedAt = now, CreatedAt = now, MetadataUpdatedAt = now,
                Fields =
                [
                    F(Population, 1, "personId", "人员编号", "Person id", "string", PersonalClass.None, null, true),
                    F(Population, 2, "name", "姓名", "Name", "string", PersonalClass.Personal, "name"),
                    F(Population, 3, "idNumber", "公民身份号码", "Resident identity number", "string", PersonalClass.SensitivePersonal, "idNumber"),
                    F(Population, 4, "mobile", "手机号码", "Mobile number", "string", PersonalClass.Personal, "mobile"),
                    F(Population, 5, "address", "居住地址", "Address", "string", PersonalClass.Personal, "address"),
                    F(Population, 6, "gender", "性别", "Gender", "string", PersonalClass.None, null),
                    F(Population, 7, "birthDate", "出生日期", "Date of birth", "date", PersonalClass.Personal, "full"),
                    F(Population, 8, "hukouDistrictCode", "户籍区", "Hukou district", "string", PersonalClass.None, null),
                    F(Population, 9, "residenceAreaCode", "居住地区划", "Residence area", "string", PersonalClass.None, null),
                    F(Population, 10, "maritalStatus", "婚姻状况", "Marital status", "string", PersonalClass.SensitivePersonal, "full"),
                ],
            });
        }

        if (!await db.Set<Dataset>().AnyAsync(d => d.Code == LegalEntities, ct))
        {
            db.Add(new Dataset
            {
                Code = LegalEntities, TitleZh = "法人基础信息", TitleEn = "Legal entity base information",
                DescriptionZh = "法人库基础信息。", DescriptionEn = "Base records of the legal-entity registry.",
                OwnerDepartmentCode = "SH-SJ", SourceSystem = "法人库", UpdateFrequency = UpdateFrequency.Daily, Level = DataLevel.General,
                SharingType = SharingType.Unconditional, OpenType = OpenType.ConditionalOpen, Source = DatasetSource.LegalEntityRegistry, KeyField = "creditCode",
                Keywords = "法人,企业,legal entities,companies", Theme = "市场监管", DataUpdatedAt = now, CreatedAt = now, MetadataUpdatedAt = now,
                Fields =
                [
                    F(LegalEntities, 1, "creditCode", "统一社会信用代码", "Unified social credit code", "string", PersonalClass.None, null, true),
                    F(LegalEntities, 2, "name", "名称", "Name", "string", PersonalClass.None, null),
                    F(LegalEntities, 3, "kind", "类型", "Kind", "string", PersonalClass.None, null),
                    F(LegalEntities, 4, "legalRepresentativeId", "法定代表人编号", "Legal representative's person id", "string", PersonalClass.None, null),
                    F(LegalEntities, 5, "legalRepresentativeName", "法定代表人", "Legal representative", "string", PersonalClass.Personal, "name"),
                    F(LegalEntities, 6, "districtCode", "登记区", "District", "string", PersonalClass.None, null),
                    F(LegalEntities, 7, "address", "住所", "Registered address", "string", PersonalClass.None, null),
                    F(LegalEntities, 8, "establishedOn", "成立日期", "Established on", "date", PersonalClass.None, null),
                    F(LegalEntities, 9, "registeredCapital", "注册资本", "Registered capital", "decimal", PersonalClass.None, null),
                    F(LegalEntities, 10, "industry", "行业", "Industry", "string", PersonalClass.None, null),
                    F(LegalEntities, 11, "status", "状态", "Status", "string", PersonalClass.None, null),
                ],
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static DatasetField F(string dataset, int position, string name, string zh, string en, string type, PersonalClass personal, string? mask, bool required = false) =>
        new()
        {
            DatasetCode = dataset, Position = position, Name = name, TitleZh = zh, TitleEn = en, Type = type, Required = required,
            PersonalClass = personal, MaskKind = mask,
        };
}
