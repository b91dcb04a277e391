using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ErpConnector.Sandbox.Omie.Customers;
using ErpConnector.Sandbox.Omie.Pushes;
using ErpConnector.Sandbox.Omie.Receivables;
using ErpConnector.Sandbox.Omie.ServiceOrders;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie;

/// <summary>
/// The simulated Omie company: all records behind the app_key. One lock guards everything because calls touch
/// several collections at once (IncluirOS reads customers). Every lookup a call makes goes through an index, so
/// the lock is only held for O(1)/O(log n) work: a load benchmark must measure the connector, not the simulator.
/// </summary>
public sealed class OmieAccount(CityHall city, IOptions<SandboxOptions> options, PushOutbox pushes, SandboxAddress address)
{
    // Omie ids are 10-digit longs; starting there makes int-truncation bugs in the connector visible.
    private const long FirstId = 1_000_000_001;

    private readonly Lock _gate = new();
    private long _nextId = FirstId;
    private long _nextOrderNumber = 1;
    private long _nextNfse = 1;
    private long _nextRps = 1;
    private long _nextBoleto = 1;
    private long _cancellationSequence;

    // Insertion order (= ascending Id, since ids only grow) is what /_sandbox/state and ListarClientes show.
    private readonly List<Customer> _customers = [];
    private readonly Dictionary<long, Customer> _customersById = [];
    private readonly Dictionary<string, Customer> _customersByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Customer> _customersByDocument = new(StringComparer.Ordinal);

    private readonly List<ServiceOrder> _orders = [];
    private readonly Dictionary<long, ServiceOrder> _ordersById = [];
    private readonly Dictionary<string, ServiceOrder> _ordersByCode = new(StringComparer.Ordinal);

    // Every RPS in 002, by (due time, order, position in the order): the order the city processes them in.
    private readonly PriorityQueue<PendingRps, PendingRps> _pending = new(PendingRps.DueOrder);

    // Every cancellation waiting for the city, by (due time, request order).
    private readonly PriorityQueue<PendingRps, (DateTimeOffset Due, long Sequence)> _cancellations = new();

    // Every NFS-e number ever issued (substituted ones too) → its order and RPS, for the document links.
    private readonly Dictionary<long, (ServiceOrder Order, Rps Rps)> _byNfse = [];

    private readonly List<Receivable> _receivables = [];
    private readonly Dictionary<long, Receivable> _receivablesById = [];
    private readonly Dictionary<long, Receivable> _receivablesByOrder = [];

    public IReadOnlyList<Customer> Customers => _customers;
    public IReadOnlyList<ServiceOrder> Orders => _orders;
    public IReadOnlyList<Receivable> Receivables => _receivables;
    public PushOutbox Pushes => pushes;

    /// <summary>The simulator's base URL for the links it hands out.</summary>
    public string Address => address.Base;
    public SandboxOptions Options => options.Value;

    /// <summary>Runs <paramref name="work"/> alone, after letting the city process every RPS that is due by now.</summary>
    public T Transact<T>(DateTimeOffset now, Func<T> work)
    {
        lock (_gate)
        {
            Settle(now);
            return work();
        }
    }

    public long NewId() => _nextId++;
    public long NewRpsNumber() => _nextRps++;
    public string NewOrderNumber() => (_nextOrderNumber++).ToString(CultureInfo.InvariantCulture);

    public Customer? CustomerById(long id) => _customersById.GetValueOrDefault(id);
    public Customer? CustomerByCode(string code) => _customersByCode.GetValueOrDefault(code);

    /// <summary>The customer whose CPF/CNPJ is <paramref name="document"/> regardless of punctuation and case.</summary>
    public Customer? CustomerByDocument(string? document) =>
        DocumentDigits.Of(document) is { Length: > 0 } key ? _customersByDocument.GetValueOrDefault(key) : null;

    public void AddCustomer(Customer customer)
    {
        _customers.Add(customer);
        _customersById.Add(customer.Id, customer);
        Index(customer);
    }

    /// <summary>Changes a stored customer, keeping the indexes in step with its code and document.</summary>
    public void Update(Customer customer, Action<Customer> change)
    {
        Unindex(customer);
        change(customer);
        Index(customer);
    }

    public bool RemoveCustomer(string integrationCode)
    {
        if (!_customersByCode.TryGetValue(integrationCode, out var customer)) return false;
        Unindex(customer);
        _customersById.Remove(customer.Id);
        // The list is sorted by Id, so the position is found in O(log n).
        var at = BinarySearch(_customers, customer.Id);
        _customers.RemoveAt(at);
        return true;
    }

    public ServiceOrder? OrderById(long id) => _ordersById.GetValueOrDefault(id);
    public ServiceOrder? OrderByCode(string code) => _ordersByCode.GetValueOrDefault(code);

    public void AddOrder(ServiceOrder order)
    {
        _orders.Add(order);
        _ordersById.Add(order.Id, order);
        if (order.IntegrationCode is { } code) _ordersByCode.Add(code, order);
    }

    /// <summary>Hands <paramref name="order"/>'s RPS number <paramref name="index"/> (now in 002) to the city.</summary>
    public void Send(ServiceOrder order, int index)
    {
        // A city that only takes a TXT import never answers on its own: the RPS waits in 002 for someone to import it.
        if (city.OnlyImportsTxt(order, options.Value))
        {
            order.Rps[index].AwaitImport();
            return;
        }
        _pending.Enqueue(new PendingRps(order, index), new PendingRps(order, index));
    }

    /// <summary>
    /// The company imported the RPS into the city's portal by hand and updated its status: every RPS of
    /// <paramref name="order"/> waiting for an import goes to the city now. Returns how many.
    /// </summary>
    public int Import(ServiceOrder order, DateTimeOffset now)
    {
        var imported = 0;
        for (var i = 0; i < order.Rps.Count; i++)
        {
            if (!order.Rps[i].AwaitingImport) continue;
            order.Rps[i].Resend(order.Rps[i].SentAt, now);
            _pending.Enqueue(new PendingRps(order, i), new PendingRps(order, i));
            imported++;
        }
        Settle(now);
        return imported;
    }

    /// <summary>Hands <paramref name="order"/>'s NFS-e on RPS <paramref name="index"/> to the city for cancellation.</summary>
    public void RequestCancellation(ServiceOrder order, int index, DateTimeOffset dueAt)
    {
        order.Rps[index].RequestCancellation(dueAt);
        _cancellations.Enqueue(new PendingRps(order, index), (dueAt, _cancellationSequence++));
    }

    /// <summary>The order and RPS that carry (or carried, before a substitution) NFS-e <paramref name="number"/>.</summary>
    public (ServiceOrder Order, Rps Rps)? Nfse(long number) => _byNfse.TryGetValue(number, out var hit) ? hit : null;

    public Receivable? ReceivableById(long id) => _receivablesById.GetValueOrDefault(id);
    public Receivable? ReceivableByOrder(long orderId) => _receivablesByOrder.GetValueOrDefault(orderId);

    /// <summary>The city replaces NFS-e <paramref name="number"/> with a new one (a /_sandbox action); null when it is not in
    /// force or its cancellation is pending.</summary>
    public (long Replaced, long Substitute)? Substitute(long number, DateTimeOffset now)
    {
        // Not while a cancellation waits for the city: it would cancel the substitute instead.
        if (Nfse(number) is not { } hit || hit.Rps.Status != Rps.Issued || hit.Rps.NfseNumber != number || hit.Rps.CancellationDueAt is not null) return null;
        var (order, rps) = hit;
        var next = _nextNfse++;
        rps.Substitute(next, NewId(), VerificationCode(order.Id, next), now, Documents(order, rps, next, now));
        _byNfse[next] = (order, rps);
        pushes.Publish(PushTopics.NotaSubstituida, PushEvents.Substituted(order, number, next));
        return (number, next);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _cancellations.Clear();
            _byNfse.Clear();
            _receivables.Clear();
            _receivablesById.Clear();
            _receivablesByOrder.Clear();
            _nextRps = 1;
            _nextBoleto = 1;
            _cancellationSequence = 0;
            _customers.Clear();
            _customersById.Clear();
            _customersByCode.Clear();
            _customersByDocument.Clear();
            _orders.Clear();
            _ordersById.Clear();
            _ordersByCode.Clear();
            _pending.Clear();
            _nextId = FirstId;
            _nextOrderNumber = 1;
            _nextNfse = 1;
        }
    }

    private void Index(Customer customer)
    {
        // Codes and documents are unique among stored customers: the calls fault before a second holder appears.
        if (customer.IntegrationCode is { } code) _customersByCode[code] = customer;
        if (customer.DocumentKey.Length > 0) _customersByDocument[customer.DocumentKey] = customer;
    }

    private void Unindex(Customer customer)
    {
        if (customer.IntegrationCode is { } code && _customersByCode.GetValueOrDefault(code) == customer) _customersByCode.Remove(code);
        if (customer.DocumentKey.Length > 0 && _customersByDocument.GetValueOrDefault(customer.DocumentKey) == customer)
        {
            _customersByDocument.Remove(customer.DocumentKey);
        }
    }

    private static int BinarySearch(List<Customer> customers, long id)
    {
        int low = 0, high = customers.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var at = customers[mid].Id;
            if (at == id) return mid;
            if (at < id) low = mid + 1;
            else high = mid - 1;
        }
        throw new InvalidOperationException($"customer {id} is indexed but not listed");
    }

    // Processed in due order so "the next N RPS processed" in a city-rejects injection means what it says.
    // Ties keep the order of the orders, then of the RPS within an order, as a full scan sorted by due time would.
    // An RPS and a cancellation due at the same instant: the RPS first.
    private void Settle(DateTimeOffset now)
    {
        while (true)
        {
            var rpsDue = _pending.TryPeek(out var next, out _) ? next.Rps.DueAt : (DateTimeOffset?)null;
            var cancelDue = _cancellations.TryPeek(out _, out var c) ? c.Due : (DateTimeOffset?)null;
            if (rpsDue is { } r && r <= now && (cancelDue is not { } cd || r <= cd))
            {
                _pending.Dequeue();
                Process(next.Order, next.Rps);
            }
            else if (cancelDue is { } d && d <= now)
            {
                var pending = _cancellations.Dequeue();
                ProcessCancellation(pending.Order, pending.Rps, d);
            }
            else return;
        }
    }

    private void Process(ServiceOrder order, Rps rps)
    {
        var customer = CustomerById(order.CustomerId);
        if (city.Judge(rps.DueAt, order, customer, options.Value) is { } rejection)
        {
            rps.Reject(rejection);
            return;
        }
        var number = _nextNfse++;
        rps.Issue(number, NewId(), VerificationCode(order.Id, number), rps.DueAt, Documents(order, rps, number, rps.DueAt));
        _byNfse[number] = (order, rps);
        pushes.Publish(PushTopics.NotaAutorizada, PushEvents.Authorised(order, rps));
        CreateReceivable(order, rps.DueAt);
    }

    private void ProcessCancellation(ServiceOrder order, Rps rps, DateTimeOffset at)
    {
        if (rps.Status != Rps.Issued) return;
        if (city.JudgeCancellation(at, order, rps, options.Value) is { } refusal)
        {
            rps.RefuseCancellation(refusal);
            return;
        }
        rps.Cancel(at);
        order.Cancel(at);
        pushes.Publish(PushTopics.NotaCancelada, PushEvents.Cancelled(order, rps));
        pushes.Publish(PushTopics.OrdemCancelada, PushEvents.Order(order));
    }

    // Omie creates the receivable once the NFS-e is authorised (notes); one per order, a single instalment.
    private void CreateReceivable(ServiceOrder order, DateTimeOffset at)
    {
        if (_receivablesByOrder.ContainsKey(order.Id)) return;
        var id = NewId();
        var due = DateOnly.FromDateTime(at.UtcDateTime).AddDays(options.Value.ReceivableDueDays);
        Boleto? boleto = null;
        if (order.WantsBoleto)
        {
            var number = (_nextBoleto++).ToString("D8", CultureInfo.InvariantCulture);
            boleto = new Boleto(number, DigitableLine.For(id, order.Total, due), $"{address.Base}/_sandbox/boletos/{id}.pdf", at);
        }
        var receivable = new Receivable(id, order.Id, order.IntegrationCode, order.Total, due, boleto);
        _receivables.Add(receivable);
        _receivablesById.Add(id, receivable);
        _receivablesByOrder.Add(order.Id, receivable);
        if (boleto is not null) pushes.Publish(PushTopics.BoletoGerado, PushEvents.BoletoGenerated(receivable));
    }

    private NfseDocuments Documents(ServiceOrder order, Rps rps, long number, DateTimeOffset at)
    {
        var code = VerificationCode(order.Id, number);
        var xml = NfseXml.Build(options.Value, order, CustomerById(order.CustomerId), number, rps.Number, code, at);
        return NfseDocuments.For(address.Base, number, code, xml);
    }

    // Deterministic so test runs and demos are reproducible, but not guessable from the number alone.
    private static string VerificationCode(long orderId, long nfseNumber) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes($"{orderId}:{nfseNumber}")))[..8];

    /// <summary>An RPS waiting for the city. Its due time is fixed while it waits: only a 003 RPS can be resent.</summary>
    private readonly record struct PendingRps(ServiceOrder Order, int Index)
    {
        public Rps Rps => Order.Rps[Index];

        public static readonly IComparer<PendingRps> DueOrder = Comparer<PendingRps>.Create((a, b) =>
        {
            var byDue = a.Rps.DueAt.CompareTo(b.Rps.DueAt);
            if (byDue != 0) return byDue;
            var byOrder = a.Order.Id.CompareTo(b.Order.Id);
            return byOrder != 0 ? byOrder : a.Index.CompareTo(b.Index);
        });
    }
}
