using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DotnetTelemetry.Probes;

/// <summary>
/// A bounded lock-free ring of <see cref="EventRecord"/>s: many producers (app threads), one consumer
/// (the agent's drain thread). A full ring drops the new event and counts it: producers never block,
/// never spin on a slow consumer and never allocate.
/// </summary>
/// <remarks>
/// Per-slot turn numbers in the style of Dmitry Vyukov's bounded queue: slot <c>p % capacity</c> is free
/// for position <c>p</c> when its turn equals <c>p</c>, published when it equals <c>p + 1</c>, and handed back
/// for the next lap (<c>p + capacity</c>) by the consumer. A producer claims a position with one CAS on the
/// write position; that position becomes the record's <see cref="EventRecord.Sequence"/>, so sequences are
/// gap-free and strictly increasing in read order (a dropped event never takes a position).
/// Objects travel in a parallel payload array, cleared by the consumer so the ring keeps nothing alive.
/// </remarks>
public sealed class EventRing
{
    /// <summary>Smallest and largest capacities; requests are rounded up to a power of two in between.</summary>
    public const int MinCapacity = 16, MaxCapacity = 1 << 24;

    private readonly Slot[] _slots;
    private readonly PayloadSlot[] _payloads;
    private readonly long _mask;
    private readonly object _consumerGate = new();
    private Positions _positions; // write, read and dropped counters, each on its own cache line

    /// <summary>Creates a ring of at least <paramref name="capacity"/> records (rounded up to a power of two).</summary>
    public EventRing(int capacity)
    {
        int size = RoundUpCapacity(capacity);
        _slots = new Slot[size];
        _payloads = new PayloadSlot[size];
        _mask = size - 1;
        for (int i = 0; i < size; i++)
        {
            _slots[i].Turn = i;
        }
    }

    /// <summary>Number of records the ring holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Events written (claimed) since the ring was created; also the next event's sequence.</summary>
    public long Written => Volatile.Read(ref _positions.Write);

    /// <summary>Events dropped because the ring was full.</summary>
    public long Dropped => Volatile.Read(ref _positions.Dropped);

    /// <summary>Events read by the consumer so far.</summary>
    public long Read => Volatile.Read(ref _positions.Read);

    /// <summary>Events written but not read yet (a snapshot).</summary>
    public long Pending => Math.Max(0, Written - Read);

    /// <summary>Rounds a requested capacity to the power of two the ring will use.</summary>
    public static int RoundUpCapacity(int capacity)
    {
        int clamped = Math.Clamp(capacity, MinCapacity, MaxCapacity);
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)clamped);
    }

    /// <summary>
    /// Reads the oldest published event. Returns false when the ring is empty, or when the oldest claimed
    /// position is still being written (a later call sees it). Clears the payload slot.
    /// Single consumer: concurrent readers are serialized, never corrupt the ring.
    /// </summary>
    public bool TryRead(out EventRecord record, out object? payload)
    {
        lock (_consumerGate)
        {
            long position = _positions.Read;
            if (!TryReadAt(position, out record, out payload)) return false;
            Volatile.Write(ref _positions.Read, position + 1);
            return true;
        }
    }

    /// <summary>
    /// Reads up to <c>min(records.Length, payloads.Length)</c> events in order; returns how many.
    /// <paramref name="payloads"/>[i] belongs to <paramref name="records"/>[i].
    /// </summary>
    public int ReadBatch(Span<EventRecord> records, Span<object?> payloads)
    {
        int max = Math.Min(records.Length, payloads.Length);
        int count = 0;
        lock (_consumerGate)
        {
            long position = _positions.Read;
            while (count < max && TryReadAt(position + count, out records[count], out payloads[count]))
            {
                count++;
            }
            // Once per batch: the read position is shared with whoever asks for Pending.
            Volatile.Write(ref _positions.Read, position + count);
        }
        return count;
    }

    /// <summary>Reads the event at <paramref name="position"/> if it is published; the caller advances the read position.</summary>
    private bool TryReadAt(long position, out EventRecord record, out object? payload)
    {
        long index = position & _mask;
        ref Slot slot = ref _slots[index];
        if (Volatile.Read(ref slot.Turn) != position + 1)
        {
            record = default;
            payload = null;
            return false;
        }
        record = slot.Record;
        ref PayloadSlot payloadSlot = ref _payloads[index];
        payload = payloadSlot.Value;
        if (payload is not null) payloadSlot.Value = null; // the ring keeps nothing alive
        // Hand the slot to the producer of the next lap.
        Volatile.Write(ref slot.Turn, position + _slots.Length);
        return true;
    }

    /// <summary>
    /// Claims the next position. Returns a reference to the record to fill, or a null reference when the
    /// ring is full (the event is counted as dropped). The caller must call <see cref="Publish"/> next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref EventRecord TryClaim(out long position)
    {
        Slot[] slots = _slots;
        long pos = Volatile.Read(ref _positions.Write);
        while (true)
        {
            ref Slot slot = ref slots[pos & _mask];
            long diff = Volatile.Read(ref slot.Turn) - pos;
            if (diff == 0)
            {
                long seen = Interlocked.CompareExchange(ref _positions.Write, pos + 1, pos);
                if (seen == pos)
                {
                    position = pos;
                    slot.Record.Sequence = pos;
                    return ref slot.Record;
                }
                pos = seen;
            }
            else if (diff < 0)
            {
                // The slot still holds the previous lap's event: full.
                Interlocked.Increment(ref _positions.Dropped);
                position = -1;
                return ref Unsafe.NullRef<EventRecord>();
            }
            else
            {
                pos = Volatile.Read(ref _positions.Write); // another producer got there first
            }
        }
    }

    /// <summary>Makes the claimed record (and its payload, if any) visible to the consumer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Publish(long position, object? payload)
    {
        long index = position & _mask;
        if (payload is not null)
        {
            _payloads[index].Value = payload;
        }
        Volatile.Write(ref _slots[index].Turn, position + 1);
    }

    /// <summary>Writes a whole record (tests and non-hot paths); false when dropped.</summary>
    internal bool TryWrite(in EventRecord record, object? payload)
    {
        ref EventRecord target = ref TryClaim(out long position);
        if (Unsafe.IsNullRef(ref target)) return false;
        target = record;
        target.Sequence = position;
        Publish(position, payload);
        return true;
    }

    /// <summary>
    /// An object in a struct: storing into (or taking a reference to) an element of an <c>object[]</c> costs a
    /// covariance type check on every event, an element of a struct array does not.
    /// </summary>
    private struct PayloadSlot
    {
        internal object? Value;
    }

    private struct Slot
    {
        internal long Turn;
        internal EventRecord Record;
    }

    /// <summary>The three counters, each alone on a cache line so producers and the consumer do not falsely share.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Positions
    {
        [FieldOffset(64)] internal long Write;
        [FieldOffset(128)] internal long Read;
        [FieldOffset(192)] internal long Dropped;
    }
}
