using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneCity.DataHub.Data;

namespace OneCity.DataHub.Catalogue;

/// <summary>
/// The demo catalogue: the kernel's base registries, the modules' operational data and departments' datasets described
/// from public facts, with deterministic synthetic records (marked so) for the stored ones.
/// </summary>
internal static class CatalogueDemo
{
    internal sealed record F(string Name, string Zh, string En, string Type, bool Required = true, PersonalClass Personal = PersonalClass.None, string? Mask = null, Func<int, Random, object?>? Value = null);

    internal sealed record D(
        string Code, string Zh, string En, string Dept, string System, UpdateFrequency Freq, DataLevel Level, SharingType Sharing, OpenType Open,
        string Theme, string DescZh, string DescEn, string Keywords, F[] Fields, int Count = 0, DatasetSource Source = DatasetSource.Stored,
        bool Spatial = false, bool Publish = true, int AgeDays = 0);

    private const string Synthetic = "（合成演示数据，非真实记录）";
    private const string SyntheticEn = " (synthetic demo data, not real records)";
    private const string Licence = "上海市公共数据开放授权 / Shanghai Public Data Open Licence";

    public static readonly string[] Districts = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310115"];

    private static readonly string[] DistrictNames = ["黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "浦东新区"];

    private static readonly string[] Roads = ["南京东路", "淮海中路", "延安西路", "武宁路", "四平路", "虹桥路", "世纪大道", "漕溪北路", "中山北路", "共和新路", "长寿路", "肇嘉浜路"];

    // Value helpers: each takes the record index and the dataset's seeded random generator.
    private static Func<int, Random, object?> Id(string prefix) => (i, _) => prefix + (i + 1).ToString("D4", CultureInfo.InvariantCulture);

    private static Func<int, Random, object?> Named(string suffix) => (i, r) => Roads[r.Next(Roads.Length)] + (i + 1).ToString(CultureInfo.InvariantCulture) + suffix;

    private static Func<int, Random, object?> Pick(params string[] values) => (_, r) => values[r.Next(values.Length)];

    private static Func<int, Random, object?> Int(int min, int max) => (_, r) => r.Next(min, max + 1);

    private static Func<int, Random, object?> Dec(double min, double max, int digits = 1) => (_, r) => Math.Round(min + (r.NextDouble() * (max - min)), digits);

    private static Func<int, Random, object?> District => (i, _) => Districts[i % Districts.Length];

    private static Func<int, Random, object?> Address => (_, r) => DistrictNames[r.Next(DistrictNames.Length)] + Roads[r.Next(Roads.Length)] + r.Next(1, 1500).ToString(CultureInfo.InvariantCulture) + "号";

    // Inside central Shanghai (WGS84).
    private static Func<int, Random, object?> Lon => (_, r) => Math.Round(121.32 + (r.NextDouble() * 0.33), 6);

    private static Func<int, Random, object?> Lat => (_, r) => Math.Round(31.12 + (r.NextDouble() * 0.22), 6);

    private static Func<int, Random, object?> Date(int daysBack) => (_, r) => new DateOnly(2026, 11, 1).AddDays(-r.Next(daysBack)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Func<int, Random, object?> Hourly => (i, _) => new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc).AddHours(-(i / 10)).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture);

    private static Func<int, Random, object?> Sometimes(Func<int, Random, object?> inner, double emptyShare) => (i, r) => r.NextDouble() < emptyShare ? "" : inner(i, r);

    private static F[] Point(params F[] fields) =>
        [.. fields, new F("districtCode", "所属区", "District code", "string", Value: District), new F("lon", "经度(WGS84)", "Longitude (WGS84)", "decimal", Value: Lon), new F("lat", "纬度(WGS84)", "Latitude (WGS84)", "decimal", Value: Lat)];

    public static IReadOnlyList<D> All =>
    [
        // The kernel's base registries, served live by the Platform (no records stored here).
        new("SH-GA-population", "人口综合库", "Population registry", "SH-GA", "OneCity Platform 人口库", UpdateFrequency.RealTime, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "人口与社会 / population", "全市常住及户籍人口基础信息，由平台基础库实时提供。", "Residents' base records, served live by the platform's population registry.", "人口,户籍,居民,population,residents",
            [
                new("personId", "人员编号", "Person id", "string"),
                new("name", "姓名", "Name", "string", Personal: PersonalClass.Personal, Mask: "name"),
                new("idNumber", "公民身份号码", "Identity number", "string", Personal: PersonalClass.SensitivePersonal, Mask: "idNumber"),
                new("mobile", "手机号码", "Mobile number", "string", false, PersonalClass.Personal, "mobile"),
                new("address", "住址", "Address", "string", Personal: PersonalClass.Personal, Mask: "address"),
                new("gender", "性别", "Gender", "string", Personal: PersonalClass.Personal),
                new("birthDate", "出生日期", "Birth date", "date", Personal: PersonalClass.Personal),
                new("hukouDistrictCode", "户籍区", "Hukou district", "string", Personal: PersonalClass.Personal),
                new("residenceAreaCode", "居住地区域代码", "Residence area code", "string", Personal: PersonalClass.Personal),
                new("maritalStatus", "婚姻状况", "Marital status", "string", Personal: PersonalClass.SensitivePersonal),
                new("status", "人员状态", "Status", "string"),
            ], Source: DatasetSource.PopulationRegistry, Publish: false),
        new("SH-SJ-legal-entities", "法人综合库", "Legal entity registry", "SH-SJ", "OneCity Platform 法人库", UpdateFrequency.Daily, DataLevel.General, SharingType.Unconditional, OpenType.ConditionalOpen,
            "市场主体 / business", "企业、事业单位、社会组织等法人基础信息，由平台基础库实时提供；法定代表人信息不开放。", "Legal entities, served live by the platform; the legal representative is not opened.", "法人,企业,统一社会信用代码,legal entity,company",
            [
                new("creditCode", "统一社会信用代码", "Unified social credit code", "string"),
                new("name", "名称", "Name", "string"),
                new("kind", "类型", "Kind", "string"),
                new("legalRepresentativeId", "法定代表人人员编号", "Legal representative (person id)", "string", Personal: PersonalClass.Personal, Mask: "full"),
                new("legalRepresentativeName", "法定代表人姓名", "Legal representative name", "string", Personal: PersonalClass.Personal, Mask: "name"),
                new("districtCode", "登记区", "District", "string"),
                new("address", "住所", "Registered address", "string"),
                new("establishedOn", "成立日期", "Established on", "date"),
                new("registeredCapital", "注册资本（万元）", "Registered capital (10k CNY)", "decimal"),
                new("industry", "行业", "Industry", "string"),
                new("status", "登记状态", "Status", "string"),
            ], Source: DatasetSource.LegalEntityRegistry, Publish: false),
        new("SH-GH-property", "不动产登记库", "Property registry", "SH-GH", "OneCity Platform 不动产库", UpdateFrequency.Daily, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "城建住房 / housing", "不动产权证书及权利人，由平台基础库实时提供。", "Property certificates and owners, served live by the platform.", "不动产,房产,property",
            [
                new("certificateNumber", "不动产权证号", "Certificate number", "string"),
                new("districtCode", "所在区", "District", "string"),
                new("address", "坐落", "Address", "string", Personal: PersonalClass.Personal, Mask: "address"),
                new("floorAreaSqm", "建筑面积（平方米）", "Floor area (m²)", "decimal"),
                new("use", "用途", "Use", "string"),
                new("registeredOn", "登记日期", "Registered on", "date"),
                new("ownerIds", "权利人（人员编号或统一社会信用代码，逗号分隔）", "Owners (person ids or credit codes, comma-separated)", "string", Personal: PersonalClass.SensitivePersonal, Mask: "full"),
            ], Source: DatasetSource.PropertyRegistry, Publish: false),
        new("SH-DSJ-elicences", "电子证照库", "E-licence registry", "SH-DSJ", "OneCity Platform 电子证照库", UpdateFrequency.RealTime, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "政务服务 / government services", "电子证照目录与SM2签名，由平台基础库实时提供。", "E-licences with SM2 signatures, served live by the platform.", "电子证照,证照,e-licence",
            [
                new("id", "证照标识", "Licence id", "string"),
                new("typeCode", "证照类型", "Type code", "string"),
                new("number", "证照编号", "Number", "string", Personal: PersonalClass.Personal, Mask: "full"),
                new("holderKind", "持证主体类型", "Holder kind", "string"),
                new("holderId", "持证主体", "Holder", "string", Personal: PersonalClass.Personal, Mask: "full"),
                new("issuerDepartmentCode", "发证机关", "Issuer", "string"),
                new("issuedOn", "发证日期", "Issued on", "date"),
                new("validUntil", "有效期至", "Valid until", "date", false),
                new("status", "状态", "Status", "string"),
            ], Source: DatasetSource.ELicenceRegistry, Publish: false),
        new("SH-GH-geography", "行政区划与网格", "Administrative areas and grids", "SH-GH", "OneCity Platform 地理库", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "区、街镇、居村和单元网格的代码与边界（街镇及以下为合成）。", "District, subdistrict, neighbourhood and grid codes and boundaries (below district: synthetic).", "区划,网格,geography,grid",
            [
                new("code", "区域代码", "Area code", "string"),
                new("nameZh", "名称", "Name", "string"),
                new("nameEn", "英文名称", "Name (English)", "string", false),
                new("level", "层级", "Level", "string"),
                new("parentCode", "上级区域", "Parent", "string", false),
                new("synthetic", "边界为合成", "Synthetic boundary", "boolean"),
                new("geometry", "边界", "Boundary", "geometry"),
            ], Source: DatasetSource.GeographyRegistry, Spatial: true, Publish: false),

        // Operational data of the modules, declared here and served through their contracts.
        new("SH-XZFW-applications", "政务服务办件", "Government service applications", "SH-XZFW", "一网通办 GovServices", UpdateFrequency.RealTime, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "政务服务 / government services", "一网通办办件：事项、申请人、状态与时限。", "One-stop service applications: service, applicant, status, deadlines.", "办件,一网通办,applications",
            [
                new("applicationId", "办件编号", "Application id", "string"),
                new("serviceCode", "事项编码", "Service code", "string"),
                new("applicantId", "申请人", "Applicant", "string", Personal: PersonalClass.Personal, Mask: "full"),
                new("status", "状态", "Status", "string"),
                new("submittedAt", "提交时间", "Submitted at", "datetime"),
                new("deadline", "法定时限", "Statutory deadline", "date"),
                new("departmentCode", "承办部门", "Handling department", "string"),
            ], Source: DatasetSource.ModuleOperational, Publish: false),
        new("SH-XZFW-ratings", "好差评", "Service ratings", "SH-XZFW", "一网通办 GovServices", UpdateFrequency.RealTime, DataLevel.General, SharingType.Unconditional, OpenType.ConditionalOpen,
            "政务服务 / government services", "政务服务“好差评”评价记录。", "Service ratings (好差评).", "好差评,评价,ratings",
            [
                new("ratingId", "评价编号", "Rating id", "string"),
                new("applicationId", "办件编号", "Application id", "string"),
                new("score", "评分", "Score (1-5)", "integer"),
                new("comment", "评价内容", "Comment", "string", false),
                new("ratedAt", "评价时间", "Rated at", "datetime"),
            ], Source: DatasetSource.ModuleOperational, Publish: false),
        new("SH-CY-incidents", "城市运行事件", "City incidents", "SH-CY", "一网统管 CityOps", UpdateFrequency.RealTime, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "城市管理 / city management", "一网统管事件：类别、位置、状态、上报人。", "City incidents: category, location, status, reporter.", "事件,一网统管,incidents",
            [
                new("incidentId", "事件编号", "Incident id", "string"),
                new("category", "类别", "Category", "string"),
                new("areaCode", "网格/区域", "Area / grid", "string"),
                new("reporterMobile", "上报人电话", "Reporter mobile", "string", false, PersonalClass.Personal, "mobile"),
                new("status", "状态", "Status", "string"),
                new("reportedAt", "上报时间", "Reported at", "datetime"),
                new("geometry", "位置", "Location", "geometry"),
            ], Source: DatasetSource.ModuleOperational, Spatial: true, Publish: false),
        new("SH-CY-work-orders", "处置工单", "Work orders", "SH-CY", "一网统管 CityOps", UpdateFrequency.RealTime, DataLevel.General, SharingType.Conditional, OpenType.NotOpen,
            "城市管理 / city management", "事件派发的处置工单与办理时限。", "Work orders dispatched for incidents.", "工单,处置,work orders",
            [
                new("workOrderId", "工单编号", "Work order id", "string"),
                new("incidentId", "事件编号", "Incident id", "string"),
                new("departmentCode", "处置部门", "Department", "string"),
                new("status", "状态", "Status", "string"),
                new("dueAt", "处置时限", "Due at", "datetime"),
                new("closedAt", "办结时间", "Closed at", "datetime", false),
            ], Source: DatasetSource.ModuleOperational, Publish: false),

        // Departments' datasets (stored, synthetic records).
        new("SH-JT-bus-lines", "公交线路", "Bus lines", "SH-JT", "公交行业管理系统", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "交通出行 / transport", "全市地面公交线路基本信息" + Synthetic, "Bus lines" + SyntheticEn, "公交,线路,bus,lines",
            [new("lineId", "线路编号", "Line id", "string", Value: Id("L")), new("lineName", "线路名称", "Line name", "string", Value: (i, _) => (i + 1).ToString(CultureInfo.InvariantCulture) + "路"),
             new("operator", "运营企业", "Operator", "string", Value: Pick("巴士一公司", "巴士二公司", "巴士三公司", "浦东公交", "闵行客运")),
             new("firstBus", "首班时间", "First bus", "string", Value: Pick("05:00", "05:30", "06:00")), new("lastBus", "末班时间", "Last bus", "string", Value: Pick("22:00", "22:30", "23:00")),
             new("fare", "票价（元）", "Fare (CNY)", "decimal", Value: Pick("2", "2", "1")), new("lengthKm", "线路长度（公里）", "Length (km)", "decimal", Value: Dec(5, 35)), new("districtCode", "起点所在区", "District of first stop", "string", Value: District)],
            Count: 120),
        new("SH-JT-bus-stops", "公交站点", "Bus stops", "SH-JT", "公交行业管理系统", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "交通出行 / transport", "公交站点名称与位置" + Synthetic, "Bus stops with location" + SyntheticEn, "公交,站点,bus,stops",
            Point(new("stopId", "站点编号", "Stop id", "string", Value: Id("S")), new("stopName", "站点名称", "Stop name", "string", Value: Named("站")), new("lines", "途经线路", "Lines", "string", Value: (_, r) => $"{r.Next(1, 999)}路;{r.Next(1, 999)}路")),
            Count: 300, Spatial: true),
        new("SH-JT-parking-lots", "公共停车场", "Public car parks", "SH-JT", "上海停车平台", UpdateFrequency.Daily, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "交通出行 / transport", "经营性公共停车场及泊位数" + Synthetic, "Public car parks and spaces" + SyntheticEn, "停车场,泊位,parking",
            Point(new("parkingId", "停车场编号", "Car park id", "string", Value: Id("P")), new("name", "名称", "Name", "string", Value: Named("停车场")), new("address", "地址", "Address", "string", Value: Address),
                  new("spaces", "泊位数", "Spaces", "integer", Value: Int(30, 1200)), new("hourlyFee", "小时收费（元）", "Hourly fee (CNY)", "decimal", Value: Pick("10", "12", "15", "5"))),
            Count: 150, Spatial: true),
        new("SH-JT-charging-stations", "充电站", "EV charging stations", "SH-JT", "新能源汽车公共数据平台", UpdateFrequency.Weekly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "交通出行 / transport", "公共充电站及充电桩数量" + Synthetic, "Public EV charging stations" + SyntheticEn, "充电桩,新能源,charging,EV",
            Point(new("stationId", "充电站编号", "Station id", "string", Value: Id("C")), new("name", "名称", "Name", "string", Value: Named("充电站")), new("fastChargers", "快充桩", "Fast chargers", "integer", Value: Int(0, 40)),
                  new("slowChargers", "慢充桩", "Slow chargers", "integer", Value: Int(0, 60)), new("operator", "运营商", "Operator", "string", Value: Pick("国家电网", "特来电", "星星充电", "蔚来"))),
            Count: 200, Spatial: true, AgeDays: 20),
        new("SH-JT-road-traffic-index", "道路交通指数", "Road traffic index", "SH-JT", "交通综合信息平台", UpdateFrequency.RealTime, DataLevel.General, SharingType.Unconditional, OpenType.ConditionalOpen,
            "交通出行 / transport", "快速路和主干道每小时交通拥堵指数" + Synthetic, "Hourly congestion index of expressways and arterials" + SyntheticEn, "交通指数,拥堵,traffic,congestion",
            [new("readingId", "记录编号", "Reading id", "string", Value: Id("T")), new("road", "道路", "Road", "string", Value: Pick("内环高架", "南北高架", "延安高架", "中环路", "外环线", "S20")),
             new("hour", "时段", "Hour", "datetime", Value: Hourly), new("index", "拥堵指数", "Congestion index", "decimal", Value: Dec(0, 100)), new("avgSpeedKmh", "平均车速（公里/小时）", "Average speed (km/h)", "decimal", Value: Dec(15, 80))],
            Count: 240),
        new("SH-LH-public-toilets", "公共厕所", "Public toilets", "SH-LH", "环卫设施管理系统", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "城市管理 / city management", "公共厕所位置、开放时间与无障碍设施" + Synthetic, "Public toilets with opening hours and accessibility" + SyntheticEn, "公厕,厕所,toilets",
            Point(new("toiletId", "公厕编号", "Toilet id", "string", Value: Id("W")), new("name", "名称", "Name", "string", Value: Named("公厕")), new("openHours", "开放时间", "Opening hours", "string", Value: Pick("24小时", "05:00-23:00", "06:00-22:00")),
                  new("accessible", "无障碍厕位", "Accessible", "boolean", Value: (_, r) => r.Next(3) > 0), new("babyCare", "母婴室", "Baby care room", "boolean", Value: (_, r) => r.Next(2) > 0)),
            Count: 250, Spatial: true),
        new("SH-LH-parks", "城市公园", "City parks", "SH-LH", "公园管理信息系统", UpdateFrequency.Quarterly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "城市公园名称、面积、开放时间与门票" + Synthetic, "City parks: area, hours, tickets" + SyntheticEn, "公园,绿地,parks,green space",
            Point(new("parkId", "公园编号", "Park id", "string", Value: Id("G")), new("name", "名称", "Name", "string", Value: Named("公园")), new("areaHa", "面积（公顷）", "Area (ha)", "decimal", Value: Dec(0.5, 140)),
                  new("openHours", "开放时间", "Opening hours", "string", Value: Pick("24小时", "06:00-18:00", "05:00-21:00")), new("ticket", "门票", "Ticket", "string", Value: Pick("免费", "免费", "免费", "2元")), new("grade", "等级", "Grade", "string", Value: Pick("市级", "区级", "社区"))),
            Count: 120, Spatial: true),
        new("SH-LH-green-coverage", "绿化覆盖统计", "Green coverage by district", "SH-LH", "绿化统计年报", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "各区绿地面积与绿化覆盖率（年度）" + Synthetic, "Green area and coverage per district (yearly)" + SyntheticEn, "绿化覆盖率,绿地,green coverage",
            [new("recordId", "记录编号", "Record id", "string", Value: Id("GC")), new("districtCode", "区", "District", "string", Value: District), new("year", "年份", "Year", "integer", Value: (i, _) => 2020 + (i / 10)),
             new("greenAreaHa", "绿地面积（公顷）", "Green area (ha)", "decimal", Value: Dec(300, 9000)), new("coveragePct", "绿化覆盖率（%）", "Coverage (%)", "decimal", Value: Dec(20, 45))],
            Count: 50, AgeDays: 400),
        new("SH-HJ-air-stations", "空气质量监测站", "Air-quality monitoring stations", "SH-HJ", "环境空气质量监测网", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "国控、市控空气质量自动监测站点" + Synthetic, "Air-quality monitoring stations" + SyntheticEn, "空气质量,监测站,air quality,stations",
            Point(new("stationId", "站点编号", "Station id", "string", Value: Id("A")), new("name", "站点名称", "Station name", "string", Value: Named("监测站")), new("kind", "站点类别", "Kind", "string", Value: Pick("国控", "市控", "区控"))),
            Count: 40, Spatial: true),
        new("SH-HJ-air-readings", "空气质量小时数据", "Hourly air-quality readings", "SH-HJ", "环境空气质量监测网", UpdateFrequency.RealTime, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "各监测站逐小时AQI与主要污染物浓度" + Synthetic, "Hourly AQI and pollutants per station" + SyntheticEn, "AQI,PM2.5,空气质量,air quality",
            [new("readingId", "记录编号", "Reading id", "string", Value: Id("R")), new("stationId", "站点编号", "Station id", "string", Value: (i, _) => "A" + ((i % 10) + 1).ToString("D4", CultureInfo.InvariantCulture)),
             new("hour", "时段", "Hour", "datetime", Value: Hourly), new("aqi", "AQI", "AQI", "integer", Value: Int(20, 180)), new("pm25", "PM2.5（μg/m³）", "PM2.5 (μg/m³)", "decimal", Value: Dec(5, 120)),
             new("pm10", "PM10（μg/m³）", "PM10 (μg/m³)", "decimal", Value: Dec(10, 150)), new("o3", "O₃（μg/m³）", "O₃ (μg/m³)", "decimal", Value: Sometimes(Dec(10, 200), 0.08))],
            Count: 500, AgeDays: 3),
        new("SH-HJ-noise-monitoring", "区域环境噪声", "Environmental noise", "SH-HJ", "声环境监测网", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "功能区噪声月均值" + Synthetic, "Monthly noise levels per zone" + SyntheticEn, "噪声,noise",
            [new("recordId", "记录编号", "Record id", "string", Value: Id("N")), new("districtCode", "区", "District", "string", Value: District), new("month", "月份", "Month", "string", Value: (i, _) => "2026-" + ((i % 10) + 1).ToString("D2", CultureInfo.InvariantCulture)),
             new("dayDb", "昼间等效声级（dB）", "Day Leq (dB)", "decimal", Value: Dec(48, 68)), new("nightDb", "夜间等效声级（dB）", "Night Leq (dB)", "decimal", Value: Dec(40, 58))],
            Count: 100),
        new("SH-WJ-hospitals", "医疗机构", "Hospitals and clinics", "SH-WJ", "医疗机构执业登记系统", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "医疗卫生 / health", "医疗机构名称、等级、类别与床位数" + Synthetic, "Hospitals: grade, kind, beds" + SyntheticEn, "医院,医疗机构,hospitals",
            Point(new("hospitalId", "机构编号", "Institution id", "string", Value: Id("H")), new("name", "名称", "Name", "string", Value: Named("医院")), new("grade", "等级", "Grade", "string", Value: Pick("三级甲等", "三级乙等", "二级甲等", "一级")),
                  new("kind", "类别", "Kind", "string", Value: Pick("综合医院", "中医医院", "专科医院", "社区卫生服务中心")), new("beds", "核定床位", "Beds", "integer", Value: Int(20, 2500)), new("phone", "咨询电话", "Phone", "string", Value: (_, r) => "021-" + r.Next(50000000, 69999999).ToString(CultureInfo.InvariantCulture))),
            Count: 180, Spatial: true),
        new("SH-WJ-licensed-physicians", "执业医师注册信息", "Registered physicians", "SH-WJ", "医师电子化注册系统", UpdateFrequency.Weekly, DataLevel.Important, SharingType.Conditional, OpenType.Open,
            "医疗卫生 / health", "医师执业注册：姓名、执业机构、执业范围" + Synthetic, "Physician registrations: name, institution, scope" + SyntheticEn, "医师,执业,physicians",
            [new("registrationId", "注册编号", "Registration id", "string", Value: Id("MD")), new("name", "姓名", "Name", "string", Personal: PersonalClass.Personal, Mask: "name", Value: (_, r) => "张王李赵陈刘"[r.Next(6)] + "医生"),
             new("hospitalId", "执业机构", "Institution", "string", Value: (_, r) => "H" + r.Next(1, 181).ToString("D4", CultureInfo.InvariantCulture)), new("scope", "执业范围", "Scope", "string", Value: Pick("内科", "外科", "儿科", "妇产科", "全科"))],
            Count: 200, Publish: false),
        new("SH-JY-schools", "中小学校", "Primary and secondary schools", "SH-JY", "教育事业统计系统", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "教育科技 / education", "中小学校名称、学段、办学性质" + Synthetic, "Schools: stage, public/private" + SyntheticEn, "学校,中小学,schools",
            Point(new("schoolId", "学校编号", "School id", "string", Value: Id("E")), new("name", "名称", "Name", "string", Value: Named("学校")), new("stage", "学段", "Stage", "string", Value: Pick("小学", "初中", "高中", "九年一贯制", "完全中学")),
                  new("ownership", "办学性质", "Ownership", "string", Value: Pick("公办", "公办", "民办")), new("students", "在校生数", "Students", "integer", Value: Int(200, 3000))),
            Count: 200, Spatial: true),
        new("SH-JY-kindergartens", "幼儿园", "Kindergartens", "SH-JY", "教育事业统计系统", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "教育科技 / education", "幼儿园名称、等级、托班" + Synthetic, "Kindergartens: grade, nursery classes" + SyntheticEn, "幼儿园,托育,kindergartens",
            Point(new("kindergartenId", "园所编号", "Kindergarten id", "string", Value: Id("K")), new("name", "名称", "Name", "string", Value: Named("幼儿园")), new("grade", "等级", "Grade", "string", Value: Pick("示范园", "一级园", "二级园")),
                  new("nursery", "开设托班", "Nursery class", "boolean", Value: (_, r) => r.Next(2) > 0)),
            Count: 150, Spatial: true, Publish: false),
        new("SH-SJ-food-businesses", "食品经营许可", "Licensed food businesses", "SH-SJ", "食品经营许可系统", UpdateFrequency.Daily, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "市场主体 / business", "食品经营许可证：经营者名称、主体业态、有效期" + Synthetic, "Food business licences" + SyntheticEn, "食品经营,许可证,food licences",
            [new("licenceNo", "许可证编号", "Licence number", "string", Value: (i, _) => "JY131" + (i + 1).ToString("D9", CultureInfo.InvariantCulture)), new("businessName", "经营者名称", "Business name", "string", Value: Named("餐饮店")),
             new("creditCode", "统一社会信用代码", "Credit code", "string", Value: (i, _) => "91310000MA1K" + (i + 100000).ToString(CultureInfo.InvariantCulture)),
             new("category", "主体业态", "Category", "string", Value: Pick("餐饮服务", "食品销售", "单位食堂")), new("districtCode", "所在区", "District", "string", Value: District),
             new("address", "经营场所", "Premises", "string", Value: Address), new("validUntil", "有效期至", "Valid until", "date", Value: (_, r) => new DateOnly(2027, 1, 1).AddDays(r.Next(1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            Count: 300, AgeDays: 5),
        new("SH-SJ-market-inspections", "市场监管抽查结果", "Market inspection results", "SH-SJ", "双随机一公开监管平台", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "市场主体 / business", "“双随机、一公开”抽查检查结果" + Synthetic, "Random inspection results" + SyntheticEn, "抽查,检查结果,inspections",
            [new("inspectionId", "检查编号", "Inspection id", "string", Value: Id("I")), new("creditCode", "被检查主体", "Inspected entity (credit code)", "string", Value: (i, r) => "91310000MA1K" + (100000 + r.Next(300)).ToString(CultureInfo.InvariantCulture)),
             new("item", "检查事项", "Item", "string", Value: Pick("食品安全", "价格行为", "广告发布", "计量器具")), new("result", "检查结果", "Result", "string", Value: Pick("未发现问题", "未发现问题", "发现问题已责令改正", "未按规定公示年报")),
             new("inspectedOn", "检查日期", "Inspected on", "date", Value: Date(180)), new("districtCode", "所在区", "District", "string", Value: District)],
            Count: 200),
        new("SH-QX-weather-stations", "气象观测站", "Weather stations", "SH-QX", "气象观测业务系统", UpdateFrequency.Yearly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "自动气象站位置与观测要素" + Synthetic, "Automatic weather stations" + SyntheticEn, "气象站,weather stations",
            Point(new("stationId", "站号", "Station id", "string", Value: (i, _) => "58" + (360 + i).ToString(CultureInfo.InvariantCulture)), new("name", "站名", "Name", "string", Value: Named("气象站")),
                  new("elements", "观测要素", "Elements", "string", Value: Pick("温度;降水;风", "温度;湿度;降水;风;气压", "降水"))),
            Count: 60, Spatial: true),
        new("SH-QX-daily-weather", "逐日天气实况", "Daily weather observations", "SH-QX", "气象观测业务系统", UpdateFrequency.Daily, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "徐家汇等基本站逐日气温与降水" + Synthetic, "Daily temperature and precipitation" + SyntheticEn, "天气,气温,降水,weather",
            [new("recordId", "记录编号", "Record id", "string", Value: Id("Q")), new("date", "日期", "Date", "date", Value: (i, _) => new DateOnly(2026, 11, 27).AddDays(-i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
             new("tMax", "最高气温（℃）", "Max temperature (°C)", "decimal", Value: Dec(8, 36)), new("tMin", "最低气温（℃）", "Min temperature (°C)", "decimal", Value: Dec(-2, 28)), new("rainMm", "降水量（毫米）", "Precipitation (mm)", "decimal", Value: Dec(0, 40))],
            Count: 180, AgeDays: 4),
        new("SH-SWJ-water-level-stations", "水位站实时水位", "Water-level stations", "SH-SWJ", "水文监测系统", UpdateFrequency.RealTime, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "资源环境 / environment", "黄浦江、苏州河等水位站实时水位与警戒水位" + Synthetic, "Water levels at river stations" + SyntheticEn, "水位,潮位,防汛,water level",
            Point(new("stationId", "站点编号", "Station id", "string", Value: Id("WL")), new("name", "站名", "Name", "string", Value: Named("水位站")), new("river", "河道", "River", "string", Value: Pick("黄浦江", "苏州河", "蕰藻浜", "川杨河")),
                  new("levelM", "水位（米）", "Level (m)", "decimal", Value: Dec(2, 5, 2)), new("warningM", "警戒水位（米）", "Warning level (m)", "decimal", Value: Pick("4.55", "4.80", "3.80"))),
            Count: 50, Spatial: true),
        new("SH-YJ-emergency-shelters", "应急避难场所", "Emergency shelters", "SH-YJ", "应急避难场所管理系统", UpdateFrequency.Quarterly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "公共安全 / public safety", "应急避难场所位置、等级与可容纳人数" + Synthetic, "Emergency shelters: grade and capacity" + SyntheticEn, "避难场所,应急,shelters",
            Point(new("shelterId", "场所编号", "Shelter id", "string", Value: Id("Y")), new("name", "名称", "Name", "string", Value: Named("应急避难场所")), new("grade", "等级", "Grade", "string", Value: Pick("Ⅰ类", "Ⅱ类", "Ⅲ类")),
                  new("capacity", "可容纳人数", "Capacity", "integer", Value: Int(200, 20000)), new("areaSqm", "有效面积（平方米）", "Usable area (m²)", "decimal", Value: Dec(500, 60000, 0))),
            Count: 100, Spatial: true),
        new("SH-YJ-hazardous-sites", "危险化学品企业", "Hazardous chemical sites", "SH-YJ", "危化品安全监管系统", UpdateFrequency.Monthly, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "公共安全 / public safety", "危险化学品生产、储存企业及重大危险源" + Synthetic, "Hazardous chemical sites and major hazards" + SyntheticEn, "危化品,重大危险源,hazardous",
            Point(new("siteId", "编号", "Site id", "string", Value: Id("HZ")), new("name", "企业名称", "Name", "string", Value: Named("化工")), new("majorHazard", "重大危险源", "Major hazard", "boolean", Value: (_, r) => r.Next(3) == 0)),
            Count: 60, Spatial: true, Publish: false),
        new("SH-MZ-elderly-care-homes", "养老机构", "Elderly care homes", "SH-MZ", "养老服务平台", UpdateFrequency.Monthly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "人口与社会 / population", "养老机构名称、床位、收费区间" + Synthetic, "Elderly care homes: beds and fees" + SyntheticEn, "养老院,养老机构,elderly care",
            Point(new("homeId", "机构编号", "Home id", "string", Value: Id("M")), new("name", "名称", "Name", "string", Value: Named("敬老院")), new("beds", "床位数", "Beds", "integer", Value: Int(30, 600)),
                  new("monthlyFee", "月收费（元）", "Monthly fee (CNY)", "string", Value: Pick("3000-5000", "5000-8000", "8000-15000")), new("phone", "联系电话", "Phone", "string", Required: false, Value: Sometimes((_, r) => "021-" + r.Next(50000000, 69999999).ToString(CultureInfo.InvariantCulture), 0.15))),
            Count: 120, Spatial: true, AgeDays: 60),
        new("SH-CG-cases", "城市管理案件", "City management cases", "SH-CG", "城管执法办案系统", UpdateFrequency.Daily, DataLevel.General, SharingType.Unconditional, OpenType.ConditionalOpen,
            "城市管理 / city management", "城管受理的案件：类别、街镇、月份、结果" + Synthetic, "City management cases: category, subdistrict, month, result" + SyntheticEn, "城管,案件,city management,cases",
            [new("caseId", "案件编号", "Case id", "string", Value: Id("CG")), new("category", "类别", "Category", "string", Value: Pick("占道经营", "乱张贴", "渣土运输", "违法搭建", "噪声扰民")),
             new("subdistrictCode", "街镇", "Subdistrict", "string", Value: (_, r) => Districts[r.Next(3)] + r.Next(1, 7).ToString("D3", CultureInfo.InvariantCulture)),
             new("month", "月份", "Month", "string", Value: (_, r) => "2026-" + r.Next(5, 11).ToString("D2", CultureInfo.InvariantCulture)),
             new("result", "处理结果", "Result", "string", Value: Pick("已整改", "已立案处罚", "不予立案"))],
            Count: 400),
        new("SH-RS-job-fairs", "招聘会信息", "Job fairs", "SH-RS", "公共就业服务平台", UpdateFrequency.Weekly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "就业创业 / employment", "公共就业服务机构举办的招聘会" + Synthetic, "Public job fairs" + SyntheticEn, "招聘会,就业,job fairs",
            [new("fairId", "编号", "Fair id", "string", Value: Id("J")), new("title", "名称", "Title", "string", Value: Named("专场招聘会")), new("date", "举办日期", "Date", "date", Value: Date(60)),
             new("districtCode", "所在区", "District", "string", Value: District), new("employers", "参会单位数", "Employers", "integer", Value: Int(10, 200)), new("positions", "岗位数", "Positions", "integer", Value: Int(50, 3000))],
            Count: 80, AgeDays: 30),
        new("SH-ZJ-construction-permits", "建筑工程施工许可", "Construction permits", "SH-ZJ", "建设工程管理平台", UpdateFrequency.Weekly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "城建住房 / housing", "建筑工程施工许可证发放信息" + Synthetic, "Construction permits issued" + SyntheticEn, "施工许可,建设工程,construction permits",
            [new("permitNo", "许可证编号", "Permit number", "string", Value: (i, _) => "3101" + (20260000 + i).ToString(CultureInfo.InvariantCulture)), new("project", "工程名称", "Project", "string", Value: Named("项目")),
             new("builderCreditCode", "建设单位", "Builder (credit code)", "string", Value: (i, r) => "91310000MA1K" + (100000 + r.Next(300)).ToString(CultureInfo.InvariantCulture)),
             new("districtCode", "所在区", "District", "string", Value: District), new("floorAreaSqm", "建筑面积（平方米）", "Floor area (m²)", "decimal", Value: Dec(1000, 200000, 0)), new("issuedOn", "发证日期", "Issued on", "date", Value: Date(365))],
            Count: 150),
        new("SH-FG-price-monitoring", "重要商品价格监测", "Price monitoring of staple goods", "SH-FG", "价格监测系统", UpdateFrequency.Weekly, DataLevel.General, SharingType.Unconditional, OpenType.Open,
            "经济运行 / economy", "粮油、蔬菜、猪肉等重要民生商品周均价" + Synthetic, "Weekly average prices of staple goods" + SyntheticEn, "价格,菜价,prices",
            [new("recordId", "记录编号", "Record id", "string", Value: Id("PM")), new("goods", "商品", "Goods", "string", Value: Pick("粳米", "大豆油", "青菜", "猪肉(精瘦肉)", "鸡蛋")),
             new("week", "周次", "Week", "string", Value: (i, _) => "2026-W" + ((i % 40) + 1).ToString("D2", CultureInfo.InvariantCulture)), new("priceCny", "均价（元/500克）", "Average price (CNY/500 g)", "decimal", Value: Dec(2, 25, 2))],
            Count: 200, AgeDays: 10),
        new("SH-GA-vehicle-registrations", "机动车登记统计", "Vehicle registrations", "SH-GA", "机动车登记系统", UpdateFrequency.Monthly, DataLevel.Important, SharingType.Conditional, OpenType.NotOpen,
            "交通出行 / transport", "机动车注册登记月度统计（按区、车型）" + Synthetic, "Monthly vehicle registrations by district and type" + SyntheticEn, "机动车,登记,vehicles",
            [new("recordId", "记录编号", "Record id", "string", Value: Id("V")), new("districtCode", "区", "District", "string", Value: District), new("month", "月份", "Month", "string", Value: (i, _) => "2026-" + ((i % 10) + 1).ToString("D2", CultureInfo.InvariantCulture)),
             new("vehicleType", "车型", "Type", "string", Value: Pick("小型客车", "新能源小型客车", "货车", "摩托车")), new("count", "数量", "Count", "integer", Value: Int(100, 8000))],
            Count: 100, Publish: false),
    ];

    /// <summary>Fields of live registry datasets renamed since a demo city was first loaded: dataset, old name, new name.</summary>
    private static readonly (string Dataset, string From, string To)[] Renamed = [("SH-DSJ-elicences", "type", "typeCode")];

    /// <summary>Inserts what is missing; a second run changes nothing.</summary>
    public static async Task LoadAsync(DataHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var existing = (await db.Set<Dataset>().Select(d => d.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        await AlignLiveSchemasAsync(db, All.Where(d => existing.Contains(d.Code)), ct);
        foreach (var d in All.Where(d => !existing.Contains(d.Code)))
        {
            var updated = now.AddDays(-d.AgeDays).AddMinutes(-30);
            db.Add(ToDataset(d, now, updated));
            if (d.Source == DatasetSource.Stored)
            {
                db.AddRange(Records(d, updated));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Datasets served live from the kernel's registries must declare what the data API serves: in a demo city loaded
    /// before a field was renamed or added, rename it or append it (classifications set by stewards are kept).
    /// </summary>
    private static async Task AlignLiveSchemasAsync(DataHubDbContext db, IEnumerable<D> loaded, CancellationToken ct)
    {
        foreach (var d in loaded.Where(d => d.Source is DatasetSource.PropertyRegistry or DatasetSource.ELicenceRegistry or DatasetSource.GeographyRegistry))
        {
            var fields = await db.Set<DatasetField>().Where(f => f.DatasetCode == d.Code).ToListAsync(ct);
            foreach (var (_, from, to) in Renamed.Where(r => r.Dataset == d.Code))
            {
                if (fields.FirstOrDefault(f => f.Name == from) is { } old && fields.All(f => f.Name != to))
                {
                    old.Name = to;
                }
            }

            var position = fields.Count == 0 ? 0 : fields.Max(f => f.Position);
            foreach (var f in d.Fields.Where(f => fields.All(x => x.Name != f.Name)))
            {
                db.Add(new DatasetField
                {
                    DatasetCode = d.Code, Position = ++position, Name = f.Name, TitleZh = f.Zh, TitleEn = f.En, Type = f.Type, Required = f.Required,
                    PersonalClass = f.Personal, MaskKind = f.Mask,
                });
            }

            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
    }

    public static Dataset ToDataset(D d, DateTimeOffset now, DateTimeOffset updated) => new()
    {
        Code = d.Code,
        TitleZh = d.Zh,
        TitleEn = d.En,
        DescriptionZh = d.DescZh,
        DescriptionEn = d.DescEn,
        OwnerDepartmentCode = d.Dept,
        SourceSystem = d.System,
        UpdateFrequency = d.Freq,
        Level = d.Level,
        SharingType = d.Sharing,
        OpenType = d.Open,
        Source = d.Source,
        Keywords = d.Keywords,
        Theme = d.Theme,
        Spatial = d.Spatial,
        KeyField = d.Fields[0].Name,
        DataUpdatedAt = updated,
        CreatedAt = now,
        MetadataUpdatedAt = now,
        Published = Publishable(d),
        PublishedAt = Publishable(d) ? now : null,
        Licence = d.Open == OpenType.NotOpen ? "" : Licence,
        Fields = [.. d.Fields.Select((f, i) => new DatasetField
        {
            DatasetCode = d.Code, Position = i + 1, Name = f.Name, TitleZh = f.Zh, TitleEn = f.En, Type = f.Type, Required = f.Required,
            PersonalClass = f.Personal, MaskKind = f.Mask,
        })],
    };

    private static bool Publishable(D d) =>
        d.Publish && d.Source == DatasetSource.Stored && d.Open != OpenType.NotOpen && d.Fields.All(f => f.Personal == PersonalClass.None);

    /// <summary>Deterministic synthetic records: the same seed per dataset gives the same rows on every machine.</summary>
    public static IEnumerable<DatasetRecord> Records(D d, DateTimeOffset updated)
    {
        var random = new Random(StableSeed(d.Code));
        for (var i = 0; i < d.Count; i++)
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var f in d.Fields)
            {
                row[f.Name] = f.Value?.Invoke(i, random);
            }

            var area = row.GetValueOrDefault("subdistrictCode") as string ?? row.GetValueOrDefault("districtCode") as string;
            yield return new DatasetRecord
            {
                DatasetCode = d.Code, Key = Convert.ToString(row[d.Fields[0].Name], CultureInfo.InvariantCulture)!, Json = JsonSerializer.Serialize(row),
                AreaCode = string.IsNullOrEmpty(area) ? null : area, UpdatedAt = updated,
            };
        }
    }

    private static int StableSeed(string s)
    {
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}
