using OneCity.Platform.PersonalData;

namespace OneCity.Platform.Tests.PersonalData;

public sealed class ValidatorTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the standard's published example
    [InlineData("440524188001010014")]
    [InlineData("11010519491231002x")]
    public void ResidentIdNumberAcceptsValidCheckCharacters(string id) => Assert.True(ResidentIdNumber.IsValid(id));

    [Theory]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("11010519491331002X")] // month 13
    [InlineData("11010519491231002")]  // 17 characters
    [InlineData("1101051949123100AX")]
    [InlineData(null)]
    public void ResidentIdNumberRejectsInvalidNumbers(string? id) => Assert.False(ResidentIdNumber.IsValid(id));

    [Fact]
    public void ResidentIdNumberCheckCharacterFollowsMod11()
    {
        Assert.Equal('X', ResidentIdNumber.ComputeCheckCharacter("11010519491231002"));
        Assert.Equal('4', ResidentIdNumber.ComputeCheckCharacter("44052418800101001"));
    }

    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    public void SocialCreditCodeAcceptsValidCodes(string code) => Assert.True(SocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100I000100Y43")] // I is not in the alphabet
    public void SocialCreditCodeRejectsInvalidCodes(string code) => Assert.False(SocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("8619912345678", "19912345678")]
    [InlineData("12812345678", null)]
    [InlineData("1381234567", null)]
    public void MobileNumbersNormalise(string input, string? expected) => Assert.Equal(expected, MobileNumber.Normalise(input));

    [Fact]
    public void MaskingKeepsOnlyTheEnds()
    {
        Assert.Equal("3101**********123X", Masking.IdNumber("31010119900101123X"));
        Assert.Equal("138****5678", Masking.Mobile("13812345678"));
        Assert.Equal("张**", Masking.Name("张三丰"));
    }

    [Fact]
    public void ProtectorRoundTripsAndHidesPlaintext()
    {
        var p = new PersonalDataProtector(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var cipher = p.Protect("31010119900101123X");
        Assert.DoesNotContain("1990", cipher);
        Assert.NotEqual(cipher, p.Protect("31010119900101123X")); // fresh nonce
        Assert.Equal("31010119900101123X", p.Unprotect(cipher));
        Assert.Equal(p.BlindIndex("a"), p.BlindIndex("a"));
        Assert.NotEqual(p.BlindIndex("a"), p.BlindIndex("b"));
    }

    [Fact]
    public void ProtectorDetectsTampering()
    {
        var p = new PersonalDataProtector(new byte[32]);
        var cipher = p.Protect("secret");
        var bytes = Convert.FromBase64String(cipher["sm4gcm1:".Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<Exception>(() => p.Unprotect("sm4gcm1:" + Convert.ToBase64String(bytes)));
    }
}
