import type { Config } from '../config/config';
import type { Texts } from '../i18n/i18n';
import type { Catalogue } from '../orders/catalogue';
import { OrderService } from '../orders/orderService';
import type { PaymentGateway } from '../orders/paymentGateway';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { CertificateIssuer } from '../printing/certificateIssuer';
import { LocalPrintRegistrar } from '../printing/localPrintRegistrar';
import { verificationCode } from '../printing/verificationCode';
import { DeadlinePlanner } from '../reminders/deadlinePlanner';
import { DeadlineSweeper, OVERDUE_AT_START } from '../reminders/deadlineSweeper';
import type { StudentRepository } from '../students/studentRepository';
import { CHAT_EVENTS, type ChatEventSender } from '../turns/chatEvents';
import type { StatePorts } from './ports';

export interface OrderDeskDeps {
  config: Pick<Config, 'publicUrl' | 'reminders'>;
  ports: StatePorts;
  catalogue: Catalogue;
  gateways: Partial<Record<string, PaymentGateway>>;
  students: StudentRepository;
  chatEvents: ChatEventSender;
  texts: Texts;
  clock: Clock;
  logger: Logger;
}

/**
 * The order service with its embedded print network (the local registrar issues the reservation
 * numbers), every change of an order told to the student in the chat they used last, and every
 * change keeping the order's reminders and expiry on the shared schedule.
 */
export function createOrderService(deps: OrderDeskDeps): OrderService {
  const { catalogue, clock, ports, students } = deps;
  return new OrderService({
    orders: ports.orders,
    catalogue,
    clock,
    gateways: deps.gateways,
    issuer: new CertificateIssuer({
      printNetwork: new LocalPrintRegistrar({ jobs: ports.printJobs, clock }),
      clock,
      catalogue,
      texts: deps.texts,
      publicUrl: deps.config.publicUrl,
    }),
    verificationCode: () => verificationCode(),
    students,
    logger: deps.logger,
    schedule: new DeadlinePlanner(ports.reminderSchedule, deps.config.reminders.offsets, clock),
    onChange: async (order) => {
      await deps.chatEvents.tell(await students.get(order.studentId), {
        name: CHAT_EVENTS.orderUpdated,
        value: { orderId: order.orderId, status: order.status },
        // An order expires once; its notice may be told again (see `expireIfDue`), heard once.
        ...(order.status === 'expired' ? { deliveryId: `order:${order.orderId}:expired` } : {}),
      });
    },
  });
}

/**
 * The sweep of the shared schedule: reminders into the student's chat, expiry through the order
 * service. Started by the composition root on every instance.
 */
export function createDeadlineSweeper(
  deps: Pick<OrderDeskDeps, 'config' | 'ports' | 'students' | 'chatEvents' | 'clock' | 'logger'> & {
    orders: OrderService;
    metrics: Metrics;
  },
): DeadlineSweeper {
  return new DeadlineSweeper({
    schedule: deps.ports.reminderSchedule,
    orders: deps.orders,
    students: deps.students,
    chatEvents: deps.chatEvents,
    offsets: deps.config.reminders.offsets,
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
    // Orders stored before the schedule existed have no expiry entry; the deadline index has them.
    expireOverdue: () => deps.orders.expireDue(OVERDUE_AT_START),
  });
}
