using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 5: control and format characters removed; tab, newline and carriage return become spaces.</summary>
public sealed class ControlCharacterRuleTests
{
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u0007b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0080b")]
    [InlineData("a\u009Fb")]
    public void Control_characters_are_removed(string input)
    {
        Assert.Equal("ab", TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\r\nb")]
    public void Tab_newline_and_carriage_return_become_spaces(string input)
    {
        Assert.Equal("a b", TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200C")]
    [InlineData("\u200D")]
    [InlineData("\u200E")]
    [InlineData("\u200F")]
    [InlineData("\u2060")]
    [InlineData("\u2061")]
    [InlineData("\u2062")]
    [InlineData("\u2063")]
    [InlineData("\u2064")]
    [InlineData("\uFEFF")]
    [InlineData("\u00AD")]
    [InlineData("\u202A")]
    [InlineData("\u202E")]
    [InlineData("\u061C")]
    [InlineData("\U000E0001")]
    public void Zero_width_and_other_format_characters_are_removed(string formatCharacter)
    {
        Assert.Equal("cooperate", TextNormalizer.Normalize("co" + formatCharacter + "operate"));
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_removed()
    {
        Assert.Equal("Title", TextNormalizer.Normalize("\uFEFFTitle"));
    }

    [Fact]
    public void A_letter_and_its_accent_compose_once_a_zero_width_space_between_them_is_gone()
    {
        var once = TextNormalizer.Normalize("e\u200B\u0301");
        Assert.Equal("\u00E9", once);
        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        Assert.Equal("a\uFFFDb", TextNormalizer.Normalize("a\uD800b"));
    }
}
