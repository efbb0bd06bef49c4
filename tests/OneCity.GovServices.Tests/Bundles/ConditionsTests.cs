using System.Text.Json;
using OneCity.GovServices.Bundles;
using OneCity.GovServices.Catalogue;
using static OneCity.GovServices.Tests.Calendars;

namespace OneCity.GovServices.Tests.Bundles;

public sealed class ConditionsTests
{
    private static JsonElement V(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static Condition Leaf(string fact, ConditionOp? op, string? json = null) => new(fact, op, json is null ? null : V(json));

    private static ConditionOp? Op(string? name) => name is null ? null : Enum.Parse<ConditionOp>(name);

    private static Condition Parse(string json) => JsonSerializer.Deserialize<Condition>(json, GovJson.Options)!;

    private static Facts Facts()
    {
        var facts = new Facts
        {
            ["answers.insured"] = true,
            ["answers.children"] = 2m,
            ["answers.relation"] = "mother",
            ["answers.empty"] = "",
            ["applicant.age"] = 34m,
            ["applicant.birthDate"] = D("1992-03-04"),
            ["applicant.hukouDistrictCode"] = "310101",
            ["licences.marriage-certificate"] = true,
        };
        return facts;
    }

    [Theory]
    [InlineData("answers.insured", "Eq", "true", true)]
    [InlineData("answers.insured", "Eq", "false", false)]
    [InlineData("answers.insured", "Ne", "false", true)]
    [InlineData("answers.insured", "Eq", "\"true\"", true)]
    [InlineData("answers.children", "Eq", "2", true)]
    [InlineData("answers.children", "Eq", "2.0", true)]
    [InlineData("answers.children", "Ne", "3", true)]
    [InlineData("answers.children", "Gt", "1", true)]
    [InlineData("answers.children", "Gt", "2", false)]
    [InlineData("answers.children", "Gte", "2", true)]
    [InlineData("answers.children", "Lt", "2", false)]
    [InlineData("answers.children", "Lte", "2", true)]
    [InlineData("applicant.age", "Gte", "18", true)]
    [InlineData("applicant.age", "Lt", "18", false)]
    [InlineData("applicant.birthDate", "Lt", "\"2000-01-01\"", true)]
    [InlineData("applicant.birthDate", "Eq", "\"1992-03-04\"", true)]
    [InlineData("applicant.birthDate", "Gt", "\"1992-03-04\"", false)]
    [InlineData("answers.relation", "Eq", "\"mother\"", true)]
    [InlineData("answers.relation", "Eq", "\"Mother\"", false)]
    [InlineData("answers.relation", "Ne", "\"father\"", true)]
    [InlineData("answers.relation", "In", "[\"mother\",\"father\"]", true)]
    [InlineData("answers.relation", "In", "[\"guardian\"]", false)]
    [InlineData("answers.children", "In", "[1,2,3]", true)]
    [InlineData("answers.relation", "In", "\"mother\"", false)]
    [InlineData("applicant.hukouDistrictCode", "StartsWith", "\"31\"", true)]
    [InlineData("applicant.hukouDistrictCode", "StartsWith", "\"32\"", false)]
    [InlineData("applicant.hukouDistrictCode", "StartsWith", "31", false)]
    [InlineData("licences.marriage-certificate", "Eq", "true", true)]
    [InlineData("answers.relation", null, "\"mother\"", true)]
    public void EachOperatorComparesByTheFactsType(string fact, string? op, string value, bool expected)
    {
        Assert.Equal(expected, Conditions.Evaluate(Leaf(fact, Op(op), value), Facts()));
    }

    [Theory]
    [InlineData("Eq", "true")]
    [InlineData("Ne", "true")]
    [InlineData("Gt", "0")]
    [InlineData("Lte", "0")]
    [InlineData("In", "[null, \"x\"]")]
    [InlineData("StartsWith", "\"\"")]
    public void AComparisonWithAMissingFactIsFalse(string op, string value)
    {
        Assert.False(Conditions.Evaluate(Leaf("answers.nothing", Op(op), value), Facts()));
        Assert.True(Conditions.Evaluate(new Condition(Not: Leaf("answers.nothing", Op(op), value)), Facts()));
    }

    [Fact]
    public void ExistsAndMissingTreatNullAndEmptyTextAsMissing()
    {
        var facts = Facts();
        facts["answers.null"] = null;
        Assert.True(Conditions.Evaluate(Leaf("answers.relation", ConditionOp.Exists), facts));
        Assert.True(Conditions.Evaluate(Leaf("answers.insured", ConditionOp.Exists), facts));
        foreach (var fact in new[] { "answers.nothing", "answers.null", "answers.empty" })
        {
            Assert.False(Conditions.Evaluate(Leaf(fact, ConditionOp.Exists), facts), fact);
            Assert.True(Conditions.Evaluate(Leaf(fact, ConditionOp.Missing), facts), fact);
        }
    }

    [Fact]
    public void AllAnyAndNotCombine()
    {
        var facts = Facts();
        var yes = Leaf("answers.insured", ConditionOp.Eq, "true");
        var no = Leaf("answers.children", ConditionOp.Gt, "5");
        Assert.True(Conditions.Evaluate(new Condition(All: [yes, yes]), facts));
        Assert.False(Conditions.Evaluate(new Condition(All: [yes, no]), facts));
        Assert.True(Conditions.Evaluate(new Condition(Any: [no, yes]), facts));
        Assert.False(Conditions.Evaluate(new Condition(Any: [no, no]), facts));
        Assert.True(Conditions.Evaluate(new Condition(Not: no), facts));
        Assert.False(Conditions.Evaluate(new Condition(Not: new Condition(Any: [no, yes])), facts));
        Assert.True(Conditions.Evaluate(new Condition(All: []), facts));
        Assert.False(Conditions.Evaluate(new Condition(Any: []), facts));
        Assert.True(Conditions.Evaluate(new Condition(All: [new Condition(Any: [no, new Condition(Not: no)]), yes]), facts));
    }

    [Fact]
    public void ConditionsAreReadFromTheBundleFilesJson()
    {
        var eligibility = Parse("""
            {"any":[{"fact":"applicant.hukouDistrictCode","op":"startsWith","value":"31"},{"fact":"applicant.residenceAreaCode","op":"startsWith","value":"31"}]}
            """);
        Assert.True(Conditions.Evaluate(eligibility, Facts()));
        var other = new Facts { ["applicant.residenceAreaCode"] = "320102" };
        Assert.False(Conditions.Evaluate(eligibility, other));
        Assert.True(Conditions.Evaluate(Parse("""{"fact":"answers.insured","op":"eq","value":true}"""), Facts()));
        Assert.True(Conditions.Evaluate(Parse("""{"not":{"fact":"answers.nothing","op":"exists"}}"""), Facts()));
        Assert.Equal(["applicant.hukouDistrictCode", "applicant.residenceAreaCode"], Conditions.FactsOf(eligibility));
    }

    [Fact]
    public void ALeafWithoutAFactCannotBeEvaluated()
    {
        Assert.Throws<InvalidOperationException>(() => Conditions.Evaluate(new Condition(Op: ConditionOp.Eq, Value: V("1")), Facts()));
    }

    [Theory]
    [InlineData("""{"fact":"answers.a","op":"eq","value":1}""", null)]
    [InlineData("""{"fact":"answers.a","op":"exists"}""", null)]
    [InlineData("""{"fact":"answers.a","op":"eq"}""", "needs a value")]
    [InlineData("""{"fact":"answers.a","op":"in","value":"x"}""", "needs an array")]
    [InlineData("""{"fact":"answers.a","value":1,"all":[]}""", "exactly one of")]
    [InlineData("""{}""", "exactly one of")]
    [InlineData("""{"all":[{"fact":"answers.a","op":"exists"},{"any":[{"fact":"answers.b","op":"gt"}]}]}""", "answers.b needs a value")]
    [InlineData("""{"not":{"fact":"answers.a","op":"in","value":[1]}}""", null)]
    public void CheckSaysWhatIsWrongWithAMalformedCondition(string json, string? problem)
    {
        var error = Conditions.Check(Parse(json));
        if (problem is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(problem, error, StringComparison.Ordinal);
        }
    }
}
