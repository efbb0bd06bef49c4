using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OneCity.Web.Tests.Shell;

/// <summary>
/// The UI is Chinese first with English alongside: every literal Chinese string a page shows through its localiser
/// (<c>L["…"]</c>) has an English translation in the page's resource file, so the English switch never shows Chinese.
/// </summary>
public sealed partial class TranslationCoverageTests
{
    [Fact]
    public void EveryChineseStringOfEveryPageHasAnEnglishTranslation()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "OneCity.Web");
        var pages = Directory.GetFiles(Path.Combine(web, "Pages"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(pages);
        var missing = new List<string>();
        var checkedKeys = 0;
        foreach (var page in pages)
        {
            var keys = LocalisedLiteral().Matches(File.ReadAllText(page)).Select(m => m.Groups[1].Value)
                .Where(k => ChineseCharacter().IsMatch(k)).Distinct(StringComparer.Ordinal).ToList();
            if (keys.Count == 0)
            {
                continue;
            }

            var relative = Path.GetRelativePath(Path.Combine(web, "Pages"), page);
            var resx = Path.Combine(web, "Resources", "Pages", Path.ChangeExtension(relative, null) + ".en.resx");
            var translated = File.Exists(resx)
                ? XDocument.Load(resx).Root!.Elements("data").Select(d => (string?)d.Attribute("name")).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var key in keys)
            {
                checkedKeys++;
                if (!translated.Contains(WebUtility.HtmlDecode(key)))
                {
                    missing.Add($"{relative}: {key}");
                }
            }
        }

        Assert.True(checkedKeys > 500, $"Only {checkedKeys} localised strings found: is the pattern still right?");
        Assert.True(missing.Count == 0, "Without an English translation:\n" + string.Join('\n', missing));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneCity.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OneCity.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""\bL\[\s*"((?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalisedLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseCharacter();
}
