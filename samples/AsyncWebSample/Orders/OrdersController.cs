using Microsoft.AspNetCore.Mvc;

namespace AsyncWebSample.Orders;

[ApiController]
[Route("orders")]
public sealed class OrdersController(OrderService orders) : ControllerBase
{
    [HttpGet("{id:int}")]
    public async Task<ActionResult<OrderSummary>> Get(int id)
    {
        var summary = await orders.GetOrderAsync(id, HttpContext.RequestAborted);
        return summary is null ? NotFound() : Ok(summary);
    }

    /// <summary>Cancelling a shipped order fails in the service (after an await); this action catches it: 409 Conflict.</summary>
    [HttpPost("{id:int}/cancel")]
    public async Task<IActionResult> Cancel(int id)
    {
        try
        {
            await orders.CancelOrderAsync(id);
            return NoContent();
        }
        catch (InvalidOperationException e)
        {
            return Conflict(new { error = e.Message });
        }
    }
}
