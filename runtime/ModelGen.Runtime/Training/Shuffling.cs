namespace ModelGen;

internal static class Shuffling
{
    /// <summary>A Fisher-Yates permutation of 0..count-1, the same for the same generator state on every machine.</summary>
    public static int[] Permutation(int count, Internal.SeededRandom random)
    {
        var order = new int[count];
        Shuffle(order, ref random, reset: true);
        return order;
    }

    public static void Shuffle(int[] order, ref Internal.SeededRandom random, bool reset)
    {
        if (reset)
        {
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(((ulong)random.NextUInt32() * (ulong)(i + 1)) >> 32);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
