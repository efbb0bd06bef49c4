using System.Globalization;
using System.Text.Json;

namespace OneCity.CityOps.Categories;

/// <summary>Components (部件), events (事件) and citizen-hotline topics (市民热线诉求).</summary>
internal enum CategoryKind
{
    Component,
    Event,
    Hotline,
}

internal enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

internal enum LimitUnit
{
    /// <summary>Natural (calendar) hours: urgent categories run day and night.</summary>
    Hours,

    /// <summary>Hours inside office hours on working days.</summary>
    WorkingHours,

    /// <summary>Working days; the deadline is the end of office hours on the n-th working day.</summary>
    WorkingDays,
}

/// <summary>A time limit such as 2 working hours or 3 working days.</summary>
internal readonly record struct TimeLimit(double Amount, LimitUnit Unit)
{
    public static TimeLimit Parse(string text)
    {
        var (number, unit) = text.EndsWith("wh", StringComparison.Ordinal) ? (text[..^2], LimitUnit.WorkingHours)
            : text.EndsWith("wd", StringComparison.Ordinal) ? (text[..^2], LimitUnit.WorkingDays)
            : text.EndsWith('h') ? (text[..^1], LimitUnit.Hours)
            : throw new FormatException($"Time limit '{text}' must end in h, wh or wd.");
        return new TimeLimit(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture), unit);
    }

    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        LimitUnit.Hours => "h",
        LimitUnit.WorkingHours => "wh",
        _ => "wd",
    };

    public string Describe(bool chinese) => Amount.ToString(CultureInfo.InvariantCulture) + (chinese
        ? Unit switch { LimitUnit.Hours => " 小时", LimitUnit.WorkingHours => " 工作小时", _ => " 个工作日" }
        : Unit switch { LimitUnit.Hours => " hours", LimitUnit.WorkingHours => " working hours", _ => " working days" });
}

/// <summary>One node of the category tree, with its effective (inherited) priority and deadlines.</summary>
internal sealed record Category(
    string Code,
    string? ParentCode,
    int Level,
    CategoryKind Kind,
    string NameZh,
    string? NameEn,
    Priority Priority,
    TimeLimit Dispatch,
    TimeLimit Handle,
    TimeLimit Close)
{
    public bool IsLeaf { get; internal set; } = true;

    public string Name(bool chinese) => chinese || NameEn is null ? NameZh : NameEn;
}

/// <summary>The category tree, loaded once from the module's reference files; immutable.</summary>
internal sealed class CategoryTree
{
    private readonly Dictionary<string, Category> byCode;

    private CategoryTree(List<Category> all)
    {
        All = all;
        byCode = all.ToDictionary(c => c.Code, StringComparer.Ordinal);
        foreach (var c in all)
        {
            if (c.ParentCode is { } p)
            {
                byCode[p].IsLeaf = false;
            }
        }

        Leaves = all.Where(c => c.IsLeaf).ToList();
    }

    public IReadOnlyList<Category> All { get; }

    public IReadOnlyList<Category> Leaves { get; }

    /// <summary>
    /// Whether an incident may carry this category: a leaf, or a hotline topic at any level below the root (the
    /// classifier knows hotline topics only at their first level; a dispatcher may refine them).
    /// </summary>
    public static bool IsAssignable(Category? c) => c is not null && (c.IsLeaf || (c.Kind == CategoryKind.Hotline && c.Level >= 1));

    public Category? Find(string? code) => code is not null && byCode.TryGetValue(code, out var c) ? c : null;

    /// <summary>The category and its ancestors, nearest first.</summary>
    public IEnumerable<Category> Lineage(string code)
    {
        for (var c = Find(code); c is not null; c = Find(c.ParentCode))
        {
            yield return c;
        }
    }

    /// <summary>"公用设施 / 井盖"</summary>
    public string Path(string code, bool chinese = true) =>
        string.Join(" / ", Lineage(code).Reverse().Where(c => c.Code != "H").Select(c => c.Name(chinese)));

    /// <summary>The hotline topic codes by their Chinese first-level name (the labels of the hotline messages).</summary>
    public IReadOnlyDictionary<string, string> HotlineTopicCodes { get; private set; } = new Dictionary<string, string>();

    public static CategoryTree Load() => Load(ReadResource("categories.json"), ReadResource("hotline_taxonomy.csv"), ReadResource("hotline_taxonomy_en.csv"));

    /// <param name="categoriesJson">Components, events and the hotline root with the English names of its first-level topics.</param>
    /// <param name="taxonomyCsv">The hotline topics' three levels in Chinese (Teddy Cup 2020).</param>
    /// <param name="taxonomyEnglishCsv">English names of the second- and third-level hotline topics by Chinese name (written for OneCity).</param>
    internal static CategoryTree Load(string categoriesJson, string taxonomyCsv, string taxonomyEnglishCsv)
    {
        var english = ReadCsv(taxonomyEnglishCsv).Where(r => r.Length >= 2).ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        var file = JsonSerializer.Deserialize<CategoryFile>(categoriesJson, JsonOptions) ?? throw new InvalidDataException("categories.json is empty.");
        var all = new List<Category>();
        foreach (var node in file.Components)
        {
            Add(all, node, null, 1, CategoryKind.Component);
        }

        foreach (var node in file.Events)
        {
            Add(all, node, null, 1, CategoryKind.Event);
        }

        var h = file.Hotline;
        var root = Add(all, new CategoryNode(h.Code, h.Zh, h.En, h.Priority, h.Dispatch, h.Handle, h.Close, null), null, 0, CategoryKind.Hotline);
        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        var seconds = new Dictionary<(string, string), string>();
        foreach (var row in ReadCsv(taxonomyCsv))
        {
            if (row.Length < 3 || row[0].Length == 0)
            {
                continue;
            }

            if (!topics.TryGetValue(row[0], out var l1))
            {
                l1 = $"H{topics.Count + 1:00}";
                topics[row[0]] = l1;
                all.Add(root with { Code = l1, ParentCode = root.Code, Level = 1, NameZh = row[0], NameEn = h.Topics.GetValueOrDefault(row[0]) });
            }

            if (!seconds.TryGetValue((row[0], row[1]), out var l2))
            {
                l2 = $"{l1}{seconds.Keys.Count(k => k.Item1 == row[0]) + 1:00}";
                seconds[(row[0], row[1])] = l2;
                all.Add(root with { Code = l2, ParentCode = l1, Level = 2, NameZh = row[1], NameEn = english.GetValueOrDefault(row[1]) });
            }

            var l3 = $"{l2}{all.Count(c => c.ParentCode == l2) + 1:00}";
            all.Add(root with { Code = l3, ParentCode = l2, Level = 3, NameZh = row[2], NameEn = english.GetValueOrDefault(row[2]) });
        }

        return new CategoryTree(all) { HotlineTopicCodes = topics };
    }

    private static Category Add(List<Category> all, CategoryNode node, Category? parent, int level, CategoryKind kind)
    {
        var c = new Category(
            node.Code, parent?.Code, level, kind, node.Zh, node.En,
            node.Priority is { } p ? Enum.Parse<Priority>(p, ignoreCase: true) : parent?.Priority ?? Priority.Normal,
            node.Dispatch is { } d ? TimeLimit.Parse(d) : parent?.Dispatch ?? throw new InvalidDataException($"Category {node.Code} has no dispatch limit."),
            node.Handle is { } hl ? TimeLimit.Parse(hl) : parent?.Handle ?? throw new InvalidDataException($"Category {node.Code} has no handling limit."),
            node.Close is { } cl ? TimeLimit.Parse(cl) : parent?.Close ?? throw new InvalidDataException($"Category {node.Code} has no closure limit."));
        all.Add(c);
        foreach (var child in node.Children ?? [])
        {
            Add(all, child, c, level + 1, kind);
        }

        return c;
    }

    internal static string ReadResource(string fileName)
    {
        using var stream = typeof(CategoryTree).Assembly.GetManifestResourceStream($"OneCity.CityOps.DemoData.{fileName}")
            ?? throw new InvalidOperationException($"Missing embedded resource {fileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The rows of a CSV text with a header line (RFC 4180: quoted fields may hold commas, quotes and line breaks).</summary>
    internal static List<string[]> ReadCsv(string text)
    {
        using var reader = Sylvan.Data.Csv.CsvDataReader.Create(new StringReader(text));
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed record CategoryFile(List<CategoryNode> Components, List<CategoryNode> Events, HotlineNode Hotline);

    private sealed record CategoryNode(string Code, string Zh, string? En, string? Priority, string? Dispatch, string? Handle, string? Close, List<CategoryNode>? Children);

    private sealed record HotlineNode(string Code, string Zh, string En, string Priority, string Dispatch, string Handle, string Close, Dictionary<string, string> Topics);
}
