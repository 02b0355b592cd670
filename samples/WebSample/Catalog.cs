namespace WebSample;

public sealed record Item(int Id, string Name);

/// <summary>A tiny in-memory catalog: a few methods of the app's own code for function tracing to see.</summary>
public sealed class Catalog
{
    private readonly Dictionary<int, Item> _items = new()
    {
        [1] = new Item(1, "keyboard"),
        [2] = new Item(2, "mouse"),
    };

    public Item? Find(int id) => _items.GetValueOrDefault(id);

    public int Price(int id) => Compute(id) + 1;

    private static int Compute(int id) => id * 100;

    public string Explode() => throw new InvalidOperationException("the catalog exploded");
}
