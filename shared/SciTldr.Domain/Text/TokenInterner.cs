using System.Numerics;

namespace SciTldr.Domain.Text;

/// <summary>
/// Tokenizes the texts of one paper (<see cref="WordTokenizer"/>'s tokens, exactly) and numbers
/// their distinct tokens: equal tokens get one id.
/// </summary>
/// <remarks>
/// A paper repeats many of its words ("the", "of", its own terms). Numbered once, they are compared
/// by id from then on by every feature that needs to know which tokens are equal (ROUGE, novelty,
/// the oracle, keyphrases, research areas), and their characters are kept once, in one array
/// (<see cref="ToTable"/>), instead of a string per token. A token is found by its
/// <see cref="WordKey"/>; should a probe ever run long, as only text made to collide would make it,
/// the table is rebuilt on the randomized <see cref="string.GetHashCode(ReadOnlySpan{char})"/>, so
/// no input can make interning quadratic. Per thread, reused paper after paper.
/// </remarks>
internal sealed class TokenInterner
{
    private const int LongProbe = 32;

    [ThreadStatic]
    private static TokenInterner? perThread;

    // The distinct tokens' characters, token after token; token id starts at starts[id].
    private char[] chars = new char[2048];
    private int[] starts = new int[257];
    private ulong[] wordKeys = new ulong[256];

    private int[] slots = new int[512];        // id + 1; 0 = empty
    private ulong[] slotKeys = new ulong[512];
    private int slotShift = 64 - 9;
    private bool randomizedHash;

    private int[] ids = new int[1024];
    private int idCount;

    private int[] bounds = new int[256];
    private char[] lower = new char[256];
    private int lastLength;
    private int lastCount;

    private TokenInterner()
    {
    }

    /// <summary>Number of distinct tokens so far: ids are 0 .. Count - 1, in order of first appearance.</summary>
    public int Count { get; private set; }

    /// <summary>The last text <see cref="Tokenize"/> read, lower-cased; valid until it is called again.</summary>
    public ReadOnlySpan<char> LastText => lower.AsSpan(0, lastLength);

    /// <summary>Start and length of each token of <see cref="LastText"/>.</summary>
    public ReadOnlySpan<int> LastBounds => bounds.AsSpan(0, 2 * lastCount);

    /// <summary>The token with this id.</summary>
    public ReadOnlySpan<char> this[int id] => chars.AsSpan(starts[id], starts[id + 1] - starts[id]);

    /// <summary>The <see cref="WordKey"/> of the token with this id, computed once.</summary>
    public ulong WordKeyOf(int id) => wordKeys[id];

    /// <summary>This thread's interner, emptied for a new paper.</summary>
    public static TokenInterner StartPaper()
    {
        var interner = perThread ??= new TokenInterner();
        interner.Reset();
        return interner;
    }

    /// <summary>The tokens numbered so far, as a table of their own.</summary>
    public TokenTable ToTable() =>
        new(chars.AsSpan(0, starts[Count]).ToArray(), starts.AsSpan(0, Count + 1).ToArray());

    /// <summary>The ids of every token tokenized since the paper started, text after text.</summary>
    public ReadOnlySpan<int> Ids => ids.AsSpan(0, idCount);

    /// <summary>
    /// Tokenizes <paramref name="normalizedText"/>, appending the id of each token to <see cref="Ids"/>;
    /// returns the number of tokens.
    /// </summary>
    public int Tokenize(string normalizedText)
    {
        if (bounds.Length < normalizedText.Length + 2)
        {
            bounds = new int[Math.Max(normalizedText.Length + 2, bounds.Length * 2)];
            lower = new char[bounds.Length];
        }

        // Lower-casing the whole text and cutting the tokens from it is lower-casing each token:
        // no token boundary splits a surrogate pair.
        var count = WordTokenizer.Bounds(normalizedText, bounds);
        var text = lower.AsSpan(0, normalizedText.Length);
        InvariantCase.ToLower(normalizedText, text);
        lastLength = normalizedText.Length;
        lastCount = count;

        if (idCount + count > ids.Length)
        {
            Array.Resize(ref ids, Math.Max(idCount + count, ids.Length * 2));
        }

        var found = ids.AsSpan(idCount, count);
        var tokenBounds = bounds.AsSpan(0, 2 * count);
        for (var t = 0; t < found.Length; t++)
        {
            found[t] = Intern(text.Slice(tokenBounds[2 * t], tokenBounds[(2 * t) + 1]));
        }

        idCount += count;
        return count;
    }

    /// <summary>The id of <paramref name="token"/>, a new one when it is new.</summary>
    public int Intern(ReadOnlySpan<char> token)
    {
        var key = Key(token);
        var table = slots;
        var keys = slotKeys;
        var mask = table.Length - 1;
        var probes = 0;
        for (var slot = SlotOf(key); ; slot = (slot + 1) & mask)
        {
            var entry = table[slot] - 1;
            if (entry < 0)
            {
                return probes > LongProbe && !randomizedHash ? Rehash(randomized: true, token) : Add(token, key, slot);
            }

            if (keys[slot] == key && ((WordKey.IsExact(key) && !randomizedHash) || SameChars(token, entry)))
            {
                return entry;
            }

            probes++;
        }
    }

    private void Reset()
    {
        Count = 0;
        idCount = 0;
        lastLength = lastCount = 0;

        // Back to the small table after a paper that outgrew it, so that the next paper's clearing is cheap.
        if (slots.Length > 4096 || randomizedHash)
        {
            randomizedHash = false;
            slots = new int[512];
            slotKeys = new ulong[512];
            slotShift = 64 - 9;
        }
        else
        {
            slots.AsSpan().Clear();
        }
    }

    // A plain loop: tokens are a few characters long, too short for a vectorized comparison to pay.
    private bool SameChars(ReadOnlySpan<char> token, int id)
    {
        var start = starts[id];
        if (token.Length != starts[id + 1] - start)
        {
            return false;
        }

        var known = chars.AsSpan(start, token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != known[i])
            {
                return false;
            }
        }

        return true;
    }

    private int Add(ReadOnlySpan<char> token, ulong key, int slot)
    {
        var id = Count++;
        if (id + 2 > starts.Length)
        {
            Array.Resize(ref starts, starts.Length * 2);
            Array.Resize(ref wordKeys, starts.Length);
        }

        wordKeys[id] = randomizedHash ? WordKey.Of(token) : key;

        var start = starts[id];
        if (start + token.Length > chars.Length)
        {
            Array.Resize(ref chars, Math.Max(start + token.Length, chars.Length * 2));
        }

        token.CopyTo(chars.AsSpan(start));
        starts[id + 1] = start + token.Length;
        slots[slot] = id + 1;
        slotKeys[slot] = key;

        // At most half full, so that a token seen for the first time soon meets an empty slot.
        if (Count * 2 > slots.Length)
        {
            Rehash(randomizedHash, []);
        }

        return id;
    }

    /// <summary>Rebuilds the table (larger when it filled up), then interns <paramref name="pending"/> if given.</summary>
    private int Rehash(bool randomized, ReadOnlySpan<char> pending)
    {
        randomizedHash = randomized;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(512, (Count + 1) * 4));
        if (slots.Length != size)
        {
            slots = new int[size];
            slotKeys = new ulong[size];
            slotShift = 64 - BitOperations.Log2((uint)size);
        }
        else
        {
            slots.AsSpan().Clear();
        }

        var mask = size - 1;
        for (var id = 0; id < Count; id++)
        {
            var key = Key(this[id]);
            var slot = SlotOf(key);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = id + 1;
            slotKeys[slot] = key;
        }

        return pending.IsEmpty ? -1 : Intern(pending);
    }

    private ulong Key(ReadOnlySpan<char> token) => randomizedHash ? (ulong)string.GetHashCode(token) : WordKey.Of(token);

    private int SlotOf(ulong key) => (int)(WordKey.Mix(key) >> slotShift);
}
