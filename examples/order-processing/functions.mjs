// Local Lambda functions of the order-processing example.
const PRICES = { 'BOOK-1': 1250, 'MUG-2': 899, 'PEN-3': 150, 'LAMP-4': 3999 };
const STOCK = { 'BOOK-1': 100, 'MUG-2': 20, 'PEN-3': 1000, 'LAMP-4': 0 };
const paymentAttempts = new Map();

class OutOfStock extends Error {
  name = 'OutOfStock';
}
class PaymentGatewayBusy extends Error {
  name = 'PaymentGatewayBusy';
}
class UnknownItem extends Error {
  name = 'UnknownItem';
}

export const functions = {
  priceItem: async ({ line, sku, quantity, currency }) => {
    const unit = PRICES[sku];
    if (unit === undefined) throw new UnknownItem(`No price for ${sku}`);
    return { line, sku, quantity, currency, unitCents: unit, amountCents: unit * quantity };
  },
  computeTotal: async ({ lines, currency }) => ({
    currency,
    amount: lines.reduce((sum, l) => sum + l.amountCents, 0) / 100,
  }),
  reserveInventory: async ({ orderId, items }) => {
    for (const { sku, quantity } of items) {
      if ((STOCK[sku] ?? 0) < quantity) throw new OutOfStock(`${sku} is out of stock (wanted ${quantity})`);
    }
    return { reservationId: `RES-${orderId}`, items: items.length };
  },
  // Busy on the first attempt for cards ending in 0000, so the Retry is visible in the history.
  chargePayment: async ({ orderId, amount, currency, card }) => {
    const attempt = (paymentAttempts.get(orderId) ?? 0) + 1;
    paymentAttempts.set(orderId, attempt);
    if (String(card).endsWith('0000') && attempt === 1)
      throw new PaymentGatewayBusy('Payment gateway busy, try again');
    return { paymentId: `PAY-${orderId}-${attempt}`, amount, currency, attempts: attempt };
  },
};
