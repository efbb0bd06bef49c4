namespace OneCity.Platform.Organisation;

/// <summary>The functional lines of Shanghai's government, each with a city department and district counterparts.</summary>
public static class DepartmentLines
{
    public sealed record Line(string Code, string CityNameZh, string CityNameEn, string DistrictSuffixZh, string DistrictNameEn, bool HasDistrictCounterpart = true);

    public static readonly IReadOnlyList<Line> All =
    [
        new("GA", "上海市公安局", "Shanghai Public Security Bureau", "公安分局", "Public Security Sub-bureau"),
        new("MZ", "上海市民政局", "Shanghai Civil Affairs Bureau", "民政局", "Civil Affairs Bureau"),
        new("WJ", "上海市卫生健康委员会", "Shanghai Health Commission", "卫生健康委员会", "Health Commission"),
        new("RS", "上海市人力资源和社会保障局", "Shanghai Human Resources and Social Security Bureau", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
        new("YB", "上海市医疗保障局", "Shanghai Healthcare Security Administration", "医疗保障局", "Healthcare Security Bureau"),
        new("ZJ", "上海市住房和城乡建设管理委员会", "Shanghai Housing and Urban-Rural Development Commission", "建设和管理委员会", "Construction and Management Commission"),
        new("GH", "上海市规划和自然资源局", "Shanghai Planning and Natural Resources Bureau", "规划和自然资源局", "Planning and Natural Resources Bureau"),
        new("SW", "国家税务总局上海市税务局", "Shanghai Tax Service, STA", "税务局", "Tax Bureau"),
        new("GJJ", "上海市住房公积金管理中心", "Shanghai Housing Provident Fund Management Centre", "住房公积金管理中心分中心", "Housing Provident Fund Branch"),
        new("SJ", "上海市市场监督管理局", "Shanghai Administration for Market Regulation", "市场监督管理局", "Market Regulation Bureau"),
        new("JT", "上海市交通委员会", "Shanghai Transport Commission", "交通委员会", "Transport Commission"),
        new("SWJ", "上海市水务局", "Shanghai Water Authority", "水务局", "Water Authority"),
        new("QX", "上海市气象局", "Shanghai Meteorological Service", "气象局", "Meteorological Office"),
        new("LH", "上海市绿化和市容管理局", "Shanghai Landscaping and City Appearance Administration", "绿化和市容管理局", "Landscaping and City Appearance Bureau"),
        new("CG", "上海市城市管理行政执法局", "Shanghai Urban Management and Law Enforcement Bureau", "城市管理行政执法局", "Urban Management and Law Enforcement Bureau"),
        new("YJ", "上海市应急管理局", "Shanghai Emergency Management Bureau", "应急管理局", "Emergency Management Bureau"),
        new("HJ", "上海市生态环境局", "Shanghai Ecology and Environment Bureau", "生态环境局", "Ecology and Environment Bureau"),
        new("DSJ", "上海市大数据中心", "Shanghai Big Data Centre", "大数据中心", "Big Data Centre"),
        new("CY", "上海市城市运行管理中心", "Shanghai City Operations Management Centre", "城市运行管理中心", "City Operations Centre"),
        new("JY", "上海市教育委员会", "Shanghai Education Commission", "教育局", "Education Bureau"),
        new("XZFW", "上海市行政服务中心", "Shanghai Administrative Service Centre", "行政服务中心", "Administrative Service Centre"),
        new("FG", "上海市发展和改革委员会", "Shanghai Development and Reform Commission", "发展和改革委员会", "Development and Reform Commission"),
    ];

    /// <summary>Subdistrict (街道) and town (镇) offices share this line.</summary>
    public const string SubdistrictOffice = "BSC";
}
