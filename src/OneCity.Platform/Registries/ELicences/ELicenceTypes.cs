namespace OneCity.Platform.Registries.ELicences;

/// <summary>The kinds of e-licence the platform issues and accepts as material.</summary>
public static class ELicenceTypes
{
    public sealed record Type(string Code, string NameZh, string NameEn, string IssuerLine, HolderKind Holder, int? ValidYears);

    public const string BirthMedicalCertificate = "birth-medical-certificate";
    public const string VaccinationRecord = "vaccination-record";
    public const string HukouBooklet = "hukou-booklet";
    public const string ResidentIdCard = "resident-id-card";
    public const string MarriageCertificate = "marriage-certificate";
    public const string BusinessLicence = "business-licence";
    public const string PropertyCertificate = "property-certificate";
    public const string SocialSecurityCard = "social-security-card";
    public const string MedicalInsuranceCertificate = "medical-insurance-certificate";
    public const string DogLicence = "dog-licence";
    public const string DrivingLicence = "driving-licence";
    public const string TaxRegistration = "tax-registration";

    public static readonly IReadOnlyList<Type> All =
    [
        new(BirthMedicalCertificate, "出生医学证明", "Medical birth certificate", "WJ", HolderKind.Person, null),
        new(VaccinationRecord, "预防接种证", "Vaccination record", "WJ", HolderKind.Person, null),
        new(HukouBooklet, "居民户口簿", "Household registration booklet", "GA", HolderKind.Person, null),
        new(ResidentIdCard, "居民身份证", "Resident identity card", "GA", HolderKind.Person, 20),
        new(MarriageCertificate, "结婚证", "Marriage certificate", "MZ", HolderKind.Person, null),
        new(BusinessLicence, "营业执照", "Business licence", "SJ", HolderKind.LegalEntity, null),
        new(PropertyCertificate, "不动产权证书", "Real property certificate", "GH", HolderKind.Person, null),
        new(SocialSecurityCard, "社会保障卡", "Social security card", "RS", HolderKind.Person, 10),
        new(MedicalInsuranceCertificate, "医保电子凭证", "Medical insurance e-certificate", "YB", HolderKind.Person, null),
        new(DogLicence, "犬只登记证", "Dog registration licence", "GA", HolderKind.Person, 1),
        new(DrivingLicence, "机动车驾驶证", "Driving licence", "GA", HolderKind.Person, 6),
        new(TaxRegistration, "税务登记信息确认单", "Tax registration confirmation", "SW", HolderKind.LegalEntity, null),
    ];

    public static Type? Find(string code) => All.FirstOrDefault(t => t.Code == code);
}
