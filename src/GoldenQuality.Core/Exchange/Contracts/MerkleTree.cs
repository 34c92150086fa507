using System.Security.Cryptography;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// The Merkle hash tree of RFC 9162 (section 2.1) over SHA-256: a leaf hashes as SHA-256(0x00 ‖ data), an inner node as
/// SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves splits at the largest power of two below n. One signature over
/// the root covers a whole batch; each member carries its inclusion path, so it still verifies alone.
/// </summary>
public static class MerkleTree
{
    /// <summary>No batch is larger than this; a path of more hashes cannot be genuine.</summary>
    public const int MaxPathLength = 32;

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        Span<byte> input = data.Length < 512 ? stackalloc byte[data.Length + 1] : new byte[data.Length + 1];
        input[0] = 0;
        data.CopyTo(input[1..]);
        return SHA256.HashData(input);
    }

    private static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[65];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[33..]);
        return SHA256.HashData(input);
    }

    /// <summary>
    /// The tree's levels, leaves first. Pairing neighbours bottom-up and carrying a lone last node up unchanged builds
    /// the same tree as RFC 9162's split at the largest power of two.
    /// </summary>
    private static List<byte[][]> Levels(IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leafHashes));
        }

        var levels = new List<byte[][]> { leafHashes.ToArray() };
        while (levels[^1].Length > 1)
        {
            var below = levels[^1];
            var above = new byte[(below.Length + 1) / 2][];
            for (var i = 0; i < above.Length; i++)
            {
                above[i] = 2 * i + 1 < below.Length ? NodeHash(below[2 * i], below[2 * i + 1]) : below[2 * i];
            }

            levels.Add(above);
        }

        return levels;
    }

    /// <summary>The root, and for each leaf its inclusion path (sibling hashes from the leaf up).</summary>
    public static (byte[] Root, byte[][][] Paths) Build(IReadOnlyList<byte[]> leafHashes)
    {
        var levels = Levels(leafHashes);
        var paths = new byte[leafHashes.Count][][];
        for (var leaf = 0; leaf < paths.Length; leaf++)
        {
            var path = new List<byte[]>();
            var index = leaf;
            foreach (var level in levels.Take(levels.Count - 1))
            {
                var sibling = index ^ 1;
                if (sibling < level.Length)
                {
                    path.Add(level[sibling]);
                }

                index >>= 1;
            }

            paths[leaf] = [.. path];
        }

        return (levels[^1][0], paths);
    }

    /// <summary>
    /// The root that a leaf hash and its inclusion path lead to (RFC 9162, 2.1.3.2), or null when the path cannot be one
    /// of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves.
    /// </summary>
    public static byte[]? RootFromPath(byte[] leafHash, long index, long size, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size || path.Count > MaxPathLength || path.Any(p => p.Length != 32))
        {
            return null;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }
}
