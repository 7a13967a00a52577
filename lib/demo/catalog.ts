/**
 * Demo catalogue: Chilean organizers and their experiences, as the marketplace would send them. Used by
 * `npm run db:seed`, the demo and the e2e tests. Phones are Chilean mobiles in international format.
 */
export interface DemoOrganizer {
  externalId: string;
  name: string;
  email: string;
  phone: string;
  experiences: string[];
}

export const DEMO_ORGANIZERS: DemoOrganizer[] = [
  {
    externalId: 'demo-org-patagonia',
    name: 'Patagonia Senderos',
    email: 'reservas@patagoniasenderos.cl',
    phone: '+56 9 6123 4501',
    experiences: [
      'Trekking Base Torres del Paine',
      'Circuito W en 5 días',
      'Kayak en el Glaciar Grey',
      'Full day Torres del Paine',
      'Cabalgata en Cerro Guido',
      'Navegación glaciares Balmaceda y Serrano',
      'Cueva del Milodón y Puerto Natales',
      'Trekking Mirador Británico',
      'Avistamiento de pumas',
      'Trekking Laguna Azul',
    ],
  },
  {
    externalId: 'demo-org-elqui',
    name: 'Elqui Estrellado',
    email: 'hola@elquiestrellado.cl',
    phone: '+56 9 7234 5602',
    experiences: [
      'Tour astronómico en Vicuña',
      'Tour Valle de Elqui y pisqueras',
      'Observación solar en Pisco Elqui',
      'Ruta del pisco artesanal',
      'Bicicleta por Pisco Elqui',
      'Cabalgata en Cochiguaz',
      'Pingüinos de Humboldt en Isla Damas',
      'Astrofotografía nocturna',
      'Observatorio Cerro Mamalluca',
      'Tour del papayo y el valle',
    ],
  },
  {
    externalId: 'demo-org-colchagua',
    name: 'Colchagua Wine Tours',
    email: 'contacto@colchaguawinetours.cl',
    phone: '+56 9 8345 6703',
    experiences: [
      'Degustación de vinos Colchagua',
      'Ruta del vino en bicicleta',
      'Cata de carmenère reserva',
      'Tren del vino',
      'Almuerzo maridaje en viña',
      'Cabalgata entre viñedos',
      'Taller de ensamblaje de vinos',
      'Vuelo en globo sobre el valle',
      'Museo de Colchagua y Santa Cruz',
      'Pícnic en el viñedo',
    ],
  },
  {
    externalId: 'demo-org-lagos',
    name: 'Lagos y Volcanes Aventura',
    email: 'reservas@lagosyvolcanes.cl',
    phone: '+56 9 9456 7804',
    experiences: [
      'Kayak en Puerto Varas',
      'Ascenso al Volcán Osorno',
      'Saltos del Petrohué',
      'Rafting en el río Petrohué',
      'Canopy en Ensenada',
      'Navegación Lago Todos los Santos',
      'Trekking Volcán Calbuco',
      'Stand up paddle en el Lago Llanquihue',
      'Tour Frutillar y Puerto Octay',
      'Pesca con mosca en el río Maullín',
    ],
  },
  {
    externalId: 'demo-org-atacama',
    name: 'Desierto Mágico',
    email: 'info@desiertomagico.cl',
    phone: '+56 9 5567 8905',
    experiences: [
      'Valle de la Luna al atardecer',
      'Géiseres del Tatio',
      'Lagunas altiplánicas',
      'Tour astronómico en el desierto',
      'Sandboard en el Valle de la Muerte',
      'Laguna Cejar y Tebinquiche',
      'Salar de Tara y Piedras Rojas',
      'Termas de Puritama',
      'Bicicleta por la Quebrada del Diablo',
      'Valle del Arcoíris',
    ],
  },
];

/**
 * Operators recorded before operators belonged to organizers: what `migrate-operators` links (the first by
 * its email) or gives a new organizer (the second matches nothing).
 */
export const DEMO_LEGACY_OPERATORS = [
  { name: 'Patagonia Senderos Ltda.', email: 'RESERVAS@patagoniasenderos.cl', phone: '+56 9 6123 4599' },
  { name: 'Chiloé Mágico', email: 'chiloemagico@gmail.com', phone: '+56 9 4678 9006' },
];

export const DEMO_CUSTOMERS = [
  'Camila Rojas',
  'Matías González',
  'Valentina Muñoz',
  'Benjamín Soto',
  'Francisca Contreras',
  'Tomás Silva',
  'Josefa Martínez',
  'Vicente Sepúlveda',
  'Catalina Morales',
  'Agustín Rodríguez',
  'Isidora López',
  'Joaquín Fuentes',
  'Antonia Hernández',
  'Martín Torres',
  'Florencia Araya',
  'Cristóbal Flores',
  'Emilia Espinoza',
  'Diego Valenzuela',
  'Javiera Castillo',
  'Sebastián Reyes',
];
