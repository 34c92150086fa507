using System.Security.Cryptography;
using System.Text;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Tests.Exchange;

/// <summary>The batch receipts' hash tree against RFC 9162's recursive definition, written here independently.</summary>
public sealed class MerkleTreeTests
{
    private static byte[] Leaf(int i) => MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"leaf {i}"));

    /// <summary>RFC 9162, 2.1.1: MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two below n.</summary>
    private static byte[] Mth(byte[][] leaves)
    {
        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var k = 1;
        while (k * 2 < leaves.Length)
        {
            k *= 2;
        }

        return SHA256.HashData([1, .. Mth(leaves[..k]), .. Mth(leaves[k..])]);
    }

    [Fact]
    public void Every_tree_up_to_70_leaves_has_the_RFC_root_and_every_leaf_proves_its_place_and_no_other_place()
    {
        for (var n = 1; n <= 70; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(Leaf).ToArray();
            var (root, paths) = MerkleTree.Build(leaves);
            Assert.Equal(Mth(leaves), root);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(root, MerkleTree.RootFromPath(leaves[i], i, n, paths[i]));
                Assert.NotEqual(root, MerkleTree.RootFromPath(Leaf(n + 1), i, n, paths[i]));
                if (n > 1)
                {
                    Assert.NotEqual(root, MerkleTree.RootFromPath(leaves[i], (i + 1) % n, n, paths[i]));
                }
            }
        }
    }

    [Fact]
    public void A_path_that_cannot_belong_to_the_tree_is_refused()
    {
        var leaves = Enumerable.Range(0, 5).Select(Leaf).ToArray();
        var (_, paths) = MerkleTree.Build(leaves);
        Assert.Null(MerkleTree.RootFromPath(leaves[0], 5, 5, paths[0]));
        Assert.Null(MerkleTree.RootFromPath(leaves[0], -1, 5, paths[0]));
        Assert.Null(MerkleTree.RootFromPath(leaves[0], 0, 5, [.. paths[0], .. paths[0]]));
        Assert.Null(MerkleTree.RootFromPath(leaves[0], 0, 5, [new byte[31], .. paths[0][1..]]));
        Assert.Throws<ArgumentException>(() => MerkleTree.Build([]));
    }
}
