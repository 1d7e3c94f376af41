// The applications of the booking-desk level: what each desk books, in its own words (one family per desk).

/** The words one desk uses for the same booking mechanics (a departure in classes, a fee, a pre-ticked extra). */
export interface DeskTheme {
  readonly site: string;
  readonly title: string;
  /** One record and several ("flight", "flights"). */
  readonly noun: string;
  readonly plural: string;
  /** Name prefixes; a record is named "<prefix> <number>". */
  readonly prefixes: readonly string[];
  /** The class column: its header and the classes from cheapest to dearest (the policy allows the first). */
  readonly classLabel: string;
  readonly classes: readonly [string, string, string];
  /** A yes/no property shown in the list, and how a request asks for it. */
  readonly tagLabel: string;
  readonly tagYes: string;
  readonly tagNo: string;
  readonly tagAsk: string;
  /** Start and end labels (the end is only on the detail page), and the verb a request uses for the end. */
  readonly start: string;
  readonly end: string;
  readonly endVerb: string;
  readonly startVerb: string;
  /** Shortest and longest duration in minutes. */
  readonly minutes: readonly [number, number];
  readonly fee: string;
  /** The add-on the booking form ticks by default. */
  readonly extra: string;
  readonly price: readonly [number, number];
  /** What the colleagues are travelling to or booking for. */
  readonly occasion: string;
}

const T = (theme: DeskTheme): DeskTheme => theme;

export const DESK_THEMES: Readonly<Record<string, DeskTheme>> = {
  'flow/flight-desk': T({ site: 'flights', title: 'Flight desk', noun: 'flight', plural: 'flights', prefixes: ['SK', 'LH', 'TP', 'KL', 'AY'], classLabel: 'Cabin', classes: ['Economy', 'Premium', 'Business'], tagLabel: 'Stops', tagYes: 'nonstop', tagNo: '1 stop', tagAsk: 'nonstop', start: 'Departs', end: 'Arrives', startVerb: 'leaves', endVerb: 'lands', minutes: [95, 560], fee: 'Booking fee', extra: 'Travel insurance', price: [90, 520], occasion: 'the partner summit' }),
  'flow/rail-desk': T({ site: 'rail', title: 'Rail desk', noun: 'train', plural: 'trains', prefixes: ['IC', 'EC', 'RJ', 'TGV'], classLabel: 'Class', classes: ['Standard', 'Comfort', 'First'], tagLabel: 'Changes', tagYes: 'direct', tagNo: '1 change', tagAsk: 'direct', start: 'Departs', end: 'Arrives', startVerb: 'leaves', endVerb: 'arrives', minutes: [80, 620], fee: 'Seat reservation', extra: 'Flex upgrade', price: [40, 260], occasion: 'the regional workshop' }),
  'flow/coach-desk': T({ site: 'coaches', title: 'Coach tickets', noun: 'coach', plural: 'coaches', prefixes: ['FX', 'NB', 'RX'], classLabel: 'Seat', classes: ['Standard', 'Extra legroom', 'Lounge'], tagLabel: 'Route', tagYes: 'express', tagNo: 'stopping', tagAsk: 'express', start: 'Departs', end: 'Arrives', startVerb: 'leaves', endVerb: 'arrives', minutes: [150, 700], fee: 'Service fee', extra: 'Luggage protection', price: [20, 140], occasion: 'the volunteer day' }),
  'flow/ferry-desk': T({ site: 'ferries', title: 'Ferry crossings', noun: 'crossing', plural: 'crossings', prefixes: ['Nordic', 'Baltic', 'Aurora', 'Fjord'], classLabel: 'Berth', classes: ['Seat', 'Cabin', 'Suite'], tagLabel: 'Vessel', tagYes: 'fast craft', tagNo: 'conventional', tagAsk: 'fast-craft', start: 'Sails', end: 'Docks', startVerb: 'sails', endVerb: 'docks', minutes: [120, 900], fee: 'Port fee', extra: 'Meal voucher', price: [35, 310], occasion: 'the island offsite' }),
  'flow/car-hire': T({ site: 'cars', title: 'Car hire', noun: 'car', plural: 'cars', prefixes: ['Fiat', 'Skoda', 'Volvo', 'Kia'], classLabel: 'Category', classes: ['Economy', 'Compact', 'SUV'], tagLabel: 'Gearbox', tagYes: 'automatic', tagNo: 'manual', tagAsk: 'automatic', start: 'Pick-up', end: 'Return by', startVerb: 'is picked up', endVerb: 'is due back', minutes: [240, 900], fee: 'Airport surcharge', extra: 'Damage waiver', price: [45, 240], occasion: 'the site visits' }),
  'flow/meeting-rooms': T({ site: 'rooms', title: 'Meeting rooms', noun: 'room slot', plural: 'room slots', prefixes: ['Birch', 'Cedar', 'Maple', 'Alder'], classLabel: 'Size', classes: ['Small', 'Medium', 'Boardroom'], tagLabel: 'Video', tagYes: 'with video', tagNo: 'no video', tagAsk: 'video-equipped', start: 'Starts', end: 'Ends', startVerb: 'starts', endVerb: 'ends', minutes: [60, 420], fee: 'Cleaning fee', extra: 'Catering', price: [60, 400], occasion: 'the client reviews' }),
  'flow/workshop-passes': T({ site: 'events', title: 'Workshop passes', noun: 'workshop', plural: 'workshops', prefixes: ['WS', 'LAB', 'TRK'], classLabel: 'Pass', classes: ['Standard', 'Plus', 'VIP'], tagLabel: 'Format', tagYes: 'in person', tagNo: 'online', tagAsk: 'in-person', start: 'Starts', end: 'Ends', startVerb: 'starts', endVerb: 'ends', minutes: [90, 540], fee: 'Platform fee', extra: 'Printed materials', price: [50, 380], occasion: 'the skills week' }),
  'flow/concert-tickets': T({ site: 'tickets', title: 'Concert tickets', noun: 'show', plural: 'shows', prefixes: ['Hall', 'Arena', 'Stage'], classLabel: 'Seat', classes: ['Stalls', 'Circle', 'Box'], tagLabel: 'Type', tagYes: 'seated', tagNo: 'standing', tagAsk: 'seated', start: 'Doors', end: 'Ends', startVerb: 'opens', endVerb: 'ends', minutes: [120, 420], fee: 'Ticket fee', extra: 'Parking pass', price: [30, 210], occasion: 'the team outing' }),
  'flow/training-courses': T({ site: 'courses', title: 'Training courses', noun: 'course', plural: 'courses', prefixes: ['CRS', 'TRN', 'EDU'], classLabel: 'Tier', classes: ['Standard', 'Advanced', 'Masterclass'], tagLabel: 'Mode', tagYes: 'classroom', tagNo: 'remote', tagAsk: 'classroom', start: 'Starts', end: 'Ends', startVerb: 'starts', endVerb: 'ends', minutes: [180, 600], fee: 'Exam fee', extra: 'Course book', price: [120, 640], occasion: 'the certification push' }),
  'flow/restaurant-tables': T({ site: 'tables', title: 'Restaurant tables', noun: 'table', plural: 'tables', prefixes: ['Oak', 'Olive', 'Harbour', 'Ember'], classLabel: 'Menu', classes: ['Set menu', 'Tasting', "Chef's table"], tagLabel: 'Area', tagYes: 'terrace', tagNo: 'indoor', tagAsk: 'terrace', start: 'From', end: 'Until', startVerb: 'starts', endVerb: 'ends', minutes: [90, 300], fee: 'Service charge', extra: 'Wine pairing', price: [40, 260], occasion: 'the client dinners' }),
  'flow/airport-transfers': T({ site: 'transfers', title: 'Airport transfers', noun: 'transfer', plural: 'transfers', prefixes: ['TX', 'VAN', 'CAB'], classLabel: 'Vehicle', classes: ['Sedan', 'Van', 'Limousine'], tagLabel: 'Ride', tagYes: 'private', tagNo: 'shared', tagAsk: 'private', start: 'Pick-up', end: 'Drop-off', startVerb: 'picks up', endVerb: 'drops off', minutes: [40, 260], fee: 'Night surcharge', extra: 'Child seat', price: [25, 190], occasion: 'the board visit' }),
  'flow/guided-tours': T({ site: 'tours', title: 'Guided tours', noun: 'tour', plural: 'tours', prefixes: ['Tour', 'Walk', 'Trail'], classLabel: 'Group', classes: ['Standard', 'Small group', 'Private'], tagLabel: 'Lunch', tagYes: 'with lunch', tagNo: 'no lunch', tagAsk: 'with lunch', start: 'Starts', end: 'Returns', startVerb: 'starts', endVerb: 'returns', minutes: [150, 600], fee: 'Entry fee', extra: 'Photo package', price: [30, 220], occasion: 'the visitor programme' }),
  'flow/bike-rental': T({ site: 'bikes', title: 'Bike rental', noun: 'bike', plural: 'bikes', prefixes: ['City', 'Trek', 'Volt'], classLabel: 'Bike', classes: ['City bike', 'E-bike', 'Cargo bike'], tagLabel: 'Tour', tagYes: 'guided', tagNo: 'self-guided', tagAsk: 'guided', start: 'Pick-up', end: 'Return by', startVerb: 'is picked up', endVerb: 'is due back', minutes: [120, 600], fee: 'Handling fee', extra: 'Theft cover', price: [15, 120], occasion: 'the wellness day' }),
  'flow/coworking-desks': T({ site: 'cowork', title: 'Coworking desks', noun: 'desk', plural: 'desks', prefixes: ['Hub', 'Loft', 'Dock'], classLabel: 'Space', classes: ['Hot desk', 'Fixed desk', 'Private office'], tagLabel: 'Zone', tagYes: 'quiet zone', tagNo: 'open area', tagAsk: 'quiet-zone', start: 'From', end: 'Until', startVerb: 'starts', endVerb: 'ends', minutes: [180, 660], fee: 'Day-pass fee', extra: 'Locker', price: [20, 180], occasion: 'the remote week' }),
  'flow/sports-courts': T({ site: 'courts', title: 'Sports courts', noun: 'court slot', plural: 'court slots', prefixes: ['Court', 'Hall', 'Pitch'], classLabel: 'Court', classes: ['Standard', 'Premium', 'Show court'], tagLabel: 'Setting', tagYes: 'indoor', tagNo: 'outdoor', tagAsk: 'indoor', start: 'Starts', end: 'Ends', startVerb: 'starts', endVerb: 'ends', minutes: [60, 240], fee: 'Lighting fee', extra: 'Racket hire', price: [15, 110], occasion: 'the sports afternoon' }),
  'flow/photo-studios': T({ site: 'studios', title: 'Photo studios', noun: 'studio slot', plural: 'studio slots', prefixes: ['Studio', 'Loft', 'Frame'], classLabel: 'Studio', classes: ['Small', 'Large', 'Cyclorama'], tagLabel: 'Staff', tagYes: 'with assistant', tagNo: 'self-service', tagAsk: 'assisted', start: 'Starts', end: 'Ends', startVerb: 'starts', endVerb: 'ends', minutes: [120, 540], fee: 'Setup fee', extra: 'Lighting kit', price: [70, 450], occasion: 'the catalogue shoot' }),
  'flow/van-hire': T({ site: 'vans', title: 'Van hire', noun: 'van', plural: 'vans', prefixes: ['Transit', 'Sprinter', 'Master'], classLabel: 'Van', classes: ['Small', 'Medium', 'Luton'], tagLabel: 'Gearbox', tagYes: 'automatic', tagNo: 'manual', tagAsk: 'automatic', start: 'Pick-up', end: 'Return by', startVerb: 'is picked up', endVerb: 'is due back', minutes: [240, 900], fee: 'One-way fee', extra: 'Mileage pack', price: [55, 280], occasion: 'the office move' }),
  'flow/airport-lounges': T({ site: 'lounges', title: 'Airport lounges', noun: 'lounge visit', plural: 'lounge visits', prefixes: ['Gate', 'Sky', 'Polar'], classLabel: 'Lounge', classes: ['Standard', 'Premium', 'First'], tagLabel: 'Showers', tagYes: 'with shower', tagNo: 'no shower', tagAsk: 'with a shower', start: 'Entry', end: 'Exit by', startVerb: 'opens', endVerb: 'closes', minutes: [120, 480], fee: 'Booking fee', extra: 'Fast track', price: [25, 150], occasion: 'the long-haul trips' }),
  'flow/sleeper-trains': T({ site: 'nightrail', title: 'Sleeper trains', noun: 'sleeper', plural: 'sleepers', prefixes: ['NJ', 'EN', 'SN'], classLabel: 'Berth', classes: ['Seat', 'Couchette', 'Sleeper'], tagLabel: 'Changes', tagYes: 'direct', tagNo: '1 change', tagAsk: 'direct', start: 'Departs', end: 'Arrives', startVerb: 'leaves', endVerb: 'arrives', minutes: [420, 840], fee: 'Reservation fee', extra: 'Breakfast', price: [40, 300], occasion: 'the night-train pilot' }),
  'flow/water-taxis': T({ site: 'watertaxi', title: 'Water taxis', noun: 'water taxi', plural: 'water taxis', prefixes: ['Aqua', 'Canal', 'Wave'], classLabel: 'Boat', classes: ['Shared', 'Private', 'Charter'], tagLabel: 'Route', tagYes: 'direct', tagNo: 'with stops', tagAsk: 'direct', start: 'Departs', end: 'Arrives', startVerb: 'leaves', endVerb: 'arrives', minutes: [30, 200], fee: 'Harbour fee', extra: 'Luggage porter', price: [20, 160], occasion: 'the harbour gala' }),
};
